package io.hopsniff.decoder.tcp;

/** How a connection ended, as far as the capture shows. */
public enum EndReason {
    /** Both sides (or the last active side) sent FIN. */
    FIN,
    /** Either side sent RST. */
    RST,
    /** Evicted to stay under the concurrent-connection limit. */
    EVICTED,
    /** No packet for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** Still open when the capture ended: not a failure. */
    STILL_OPEN;

    public String reportName() {
        return switch (this) {
            case FIN -> "fin";
            case RST -> "rst";
            case EVICTED -> "eviction";
            case IDLE_TIMEOUT -> "idle-timeout";
            case STILL_OPEN -> "still-open";
        };
    }
}
