package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import java.util.EnumMap;
import java.util.Map;

/**
 * Keeps a long HTTP/2 connection from flooding the report: the first {@link #INDIVIDUAL} occurrences of each type
 * go out as they happen (with their exchange id when known), later ones are counted and summarised in one
 * anomaly per type by {@link #flush}, carrying the last detail.
 */
final class AnomalyAggregator {

    static final int INDIVIDUAL = 4;

    private static final class Tally {
        long count;
        long lastTs;
        String lastDetail;
    }

    private final long connectionId;
    private final AnomalySink sink;
    private final Map<AnomalyType, Tally> tallies = new EnumMap<>(AnomalyType.class);

    AnomalyAggregator(long connectionId, AnomalySink sink) {
        this.connectionId = connectionId;
        this.sink = sink == null ? a -> { } : sink;
    }

    void report(AnomalyType type, long ts, long transactionId, String detail) {
        Tally t = tallies.computeIfAbsent(type, k -> new Tally());
        t.count++;
        if (t.count <= INDIVIDUAL) {
            sink.report(new Anomaly(type, ts, connectionId, transactionId, detail));
        } else {
            t.lastTs = ts;
            t.lastDetail = detail;
        }
    }

    /** Occurrences of {@code type} so far, reported or not. */
    long count(AnomalyType type) {
        Tally t = tallies.get(type);
        return t == null ? 0 : t.count;
    }

    void flush() {
        for (Map.Entry<AnomalyType, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            if (t.count > INDIVIDUAL) {
                sink.report(new Anomaly(e.getKey(), t.lastTs, connectionId, 0,
                        "repeated=" + (t.count - INDIVIDUAL) + " more (total=" + t.count + "), last: " + t.lastDetail));
                t.count = INDIVIDUAL; // flushed: a second flush adds nothing
            }
        }
    }
}
