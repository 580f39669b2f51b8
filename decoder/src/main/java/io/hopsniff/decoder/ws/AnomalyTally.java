package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;

/**
 * One anomaly per type per session, so a long session does not flood the sink: the first occurrence's time and
 * detail, and a count appended to the detail when flushed.
 */
final class AnomalyTally {
    private final long[] counts = new long[AnomalyType.values().length];
    private final long[] firstNanos = new long[counts.length];
    private final String[] firstDetail = new String[counts.length];

    void add(AnomalyType type, long ts, String detail) {
        int i = type.ordinal();
        if (counts[i]++ == 0) {
            firstNanos[i] = ts;
            firstDetail[i] = detail;
        }
    }

    /** True once the type was added; lets callers skip building details for repeats. */
    boolean seen(AnomalyType type) {
        return counts[type.ordinal()] > 0;
    }

    long count(AnomalyType type) {
        return counts[type.ordinal()];
    }

    void flush(AnomalySink sink, long connectionId, long transactionId) {
        for (AnomalyType t : AnomalyType.values()) {
            int i = t.ordinal();
            if (counts[i] > 0) {
                sink.report(new Anomaly(t, firstNanos[i], connectionId, transactionId,
                        firstDetail[i] + ", count=" + counts[i]));
                counts[i] = 0;
            }
        }
    }
}
