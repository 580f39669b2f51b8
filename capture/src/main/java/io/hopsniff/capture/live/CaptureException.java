package io.hopsniff.capture.live;

/**
 * Live capture could not start or could not go on. The message is one line, fit for an operator's terminal
 * ({@code "cannot open eth9: no such interface (libpcap: No such device exists)"}); {@link #kind()} is what
 * the CLI maps to an exit code, so callers never parse the text.
 */
public final class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Not root and no CAP_NET_RAW (libpcap: "Operation not permitted", "socket: Operation not permitted"). */
        PERMISSION,
        /** The interface name does not exist on this host. */
        NO_SUCH_INTERFACE,
        /** The interface exists but is down, or went down during the capture. */
        INTERFACE_DOWN,
        /** libpcap could not compile the BPF filter; the message carries libpcap's own words. */
        BAD_FILTER,
        /** No libpcap shared library on this host (Debian/Ubuntu: package libpcap0.8). */
        LIBPCAP_MISSING,
        /** Dropping root to the requested user failed; the capture must not go on as root. */
        USER_SWITCH_FAILED,
        /** Anything else libpcap or the output file reported. */
        OTHER
    }

    private final Kind kind;

    public CaptureException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CaptureException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
