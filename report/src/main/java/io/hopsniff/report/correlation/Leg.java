package io.hopsniff.report.correlation;

/** Which hop of the proxied path a connection belongs to. */
public enum Leg {
    /** client → proxy: the proxy's listener (--front). */
    FRONT,
    /** proxy → backend (--server). */
    BACKEND;

    /** "front" / "backend", as in the report. */
    public String reportName() {
        return this == FRONT ? "front" : "backend";
    }
}
