package io.hopsniff.cli;

import io.hopsniff.capture.live.CaptureException;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code capture --report-every}: when an interval has passed, rewrites the report files with everything so far.
 * Polled by the analysis thread between packets, so the report reads the collector while nothing changes it. A
 * report that cannot be written is a warning (the capture goes on, and the final report is tried at the stop),
 * said once until the reason changes, so a full disk does not fill the journal too.
 */
final class InterimReports {

    /** Writes one interim report: null when written, else the one-line reason. */
    interface Write {
        String run() throws CaptureException;
    }

    private static final InterimReports NONE = new InterimReports(0, null, null);

    private final long intervalNanos;
    private final PrintWriter err;
    private final Write write;
    private long due;
    private String lastFailure;

    private InterimReports(long intervalNanos, PrintWriter err, Write write) {
        this.intervalNanos = intervalNanos;
        this.err = err;
        this.write = write;
        this.due = System.nanoTime() + intervalNanos;
    }

    /** Every {@code interval}, from now; null: never. */
    static InterimReports every(Duration interval, PrintWriter err, Write write) {
        return interval == null ? NONE : new InterimReports(interval.toNanos(), err, write);
    }

    void poll() {
        if (write == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - due < 0) {
            return;
        }
        // The next one an interval after this one ends: a slow write never queues up a second one at once.
        String failure;
        try {
            failure = write.run();
        } catch (CaptureException e) {
            failure = e.getMessage();
        }
        due = System.nanoTime() + intervalNanos;
        if (failure != null && !failure.equals(lastFailure)) {
            err.println("hopsniff: warning: interim report not written (the capture goes on): " + failure);
            err.flush();
        }
        lastFailure = failure;
    }
}
