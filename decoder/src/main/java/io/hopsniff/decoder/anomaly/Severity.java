package io.hopsniff.decoder.anomaly;

/** How much an anomaly matters to the question "what went wrong on this hop". */
public enum Severity {
    /** Worth knowing, not a fault (a skipped block, a mid-stream start). */
    INFO,
    /** A deviation a real peer may tolerate, or lost visibility (a gap, a limit hit). */
    WARNING,
    /** A protocol violation or a failure that breaks the exchange. */
    ERROR
}
