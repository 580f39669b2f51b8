package io.hopsniff.report.diagnosis;

import java.util.Locale;

/** How bad a diagnosis is, most severe first; the text summary sorts by this order. */
public enum DiagnosisSeverity {
    /** The WebSocket (or the hop) fails because of this. */
    ERROR,
    /** Likely to break WebSockets or hides the answer; worth fixing. */
    WARNING,
    /** A fact that explains what was (not) seen. */
    INFO,
    /** Works as it should. */
    OK;

    /** {@code error}, {@code warning}, {@code info}, {@code ok}: the form used in the report. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
