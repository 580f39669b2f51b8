package io.hopsniff.cli;

/** The documented exit codes (README "Exit codes"). Scripts depend on them: never renumber. */
public final class ExitCodes {
    /** Analysed, whatever the findings. */
    public static final int OK = 0;
    /** {@code diff --fail-on-new}: the AFTER report has an error diagnosis the BEFORE report had not. */
    public static final int NEW_ERRORS = 9;
    /** A bug in hopsniff: one line on stderr, the stack trace only with --debug. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad command line: unknown option, bad value. */
    public static final int USAGE = 2;
    /** An input file is unreadable, not a capture, or corrupt (a truncated file still gets a partial report). */
    public static final int BAD_INPUT = 3;
    /** The report or pcap output cannot be written. */
    public static final int OUTPUT_ERROR = 4;
    /** Live capture: not permitted (not root, no CAP_NET_RAW) or --user cannot be switched to. */
    public static final int CAPTURE_PERMISSION = 5;
    /** Live capture: the interface does not exist or is down. */
    public static final int CAPTURE_INTERFACE = 6;
    /** Live capture: libpcap rejected the BPF filter. */
    public static final int CAPTURE_FILTER = 7;
    /** Live capture: libpcap is not installed. */
    public static final int LIBPCAP_MISSING = 8;

    private ExitCodes() {
    }
}
