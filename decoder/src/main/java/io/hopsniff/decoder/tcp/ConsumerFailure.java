package io.hopsniff.decoder.tcp;

/**
 * A stream consumer (an application decoder) threw: a bug in hopsniff, never bad input (decoders name bad input as
 * anomalies). Normally the connection's analysis stops, the rest goes on and the failure is reported as
 * {@code TCP_CONSUMER_FAILED}; in fail-fast mode ({@code --debug}) this exception carries it out, cause attached.
 */
public final class ConsumerFailure extends RuntimeException {

    private static final int MAX_MESSAGE = 120;

    public ConsumerFailure(long connectionId, RuntimeException cause) {
        super("decoding connection c" + connectionId + " failed: " + cause, cause);
    }

    /** The anomaly detail: exception class, message (one line, cut) and the first hopsniff frame. */
    static String detail(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\p{Cntrl}", " ");
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 1) + "…";
        }
        String at = "unknown";
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("io.hopsniff.")) {
                String cls = f.getClassName();
                at = cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber();
                break;
            }
        }
        return "exception=" + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message) + ", at=" + at;
    }
}
