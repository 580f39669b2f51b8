package io.hopsniff.report;

/**
 * The thread that serialises the report died (out of memory, or a record Jackson cannot write). Not an output
 * problem the user can fix by pointing {@code -o} elsewhere: the run fails as an internal error (exit 1) with
 * this message, instead of hanging on a full queue or writing a report with records missing.
 */
public final class ReportWriterFailure extends RuntimeException {

    ReportWriterFailure(String spool, Throwable cause) {
        super("the report writer (" + spool + ") failed: " + cause + "; no report was written"
                + (cause instanceof OutOfMemoryError ? " (the heap is too small for this capture: give java more with"
                + " HOPSNIFF_JAVA_OPTS, or lower --max-connections, --max-kept-bytes, --body-bytes or --ws-payload-bytes)" : ""), cause);
    }
}
