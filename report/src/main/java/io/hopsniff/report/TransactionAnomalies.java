package io.hopsniff.report;

import io.hopsniff.decoder.anomaly.Anomaly;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The anomaly ids reported against each exchange, kept until the exchange itself arrives (the decoder reports a
 * message's anomalies just before its exchange). Bounded: at most {@link #MAX_PER_EXCHANGE} distinct ids each,
 * and {@link #MAX_WAITING} exchanges waiting.
 */
public final class TransactionAnomalies {

    static final int MAX_PER_EXCHANGE = 16;
    static final int MAX_WAITING = 100_000;

    private final Map<Long, List<String>> waiting = new HashMap<>();

    public void add(Anomaly a) {
        if (a.transactionId() == 0 || waiting.size() >= MAX_WAITING && !waiting.containsKey(a.transactionId())) {
            return;
        }
        List<String> ids = waiting.computeIfAbsent(a.transactionId(), k -> new ArrayList<>(2));
        if (ids.size() < MAX_PER_EXCHANGE && !ids.contains(a.type().name())) {
            ids.add(a.type().name());
        }
    }

    /** The ids reported against exchange {@code id}, forgotten here; empty when none. */
    public List<String> take(long id) {
        List<String> ids = waiting.remove(id);
        return ids == null ? List.of() : ids;
    }
}
