package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The first exchanges of a report in time order (request start, else response start; ties by id), in bounded
 * memory: the report lists exchanges as they completed, so a long WebSocket session comes after the requests it
 * outlived; tables show them where they began.
 */
public final class EarliestExchanges {

    private static final Comparator<JsonNode> ORDER = Comparator.comparingLong(EarliestExchanges::startNanos)
            .thenComparingLong(t -> t.path("id").asLong());

    private EarliestExchanges() {
    }

    /**
     * Up to {@code limit} exchanges, earliest first; {@code each} sees every exchange of the report once, in report
     * order (for renderers that look for particular ones on the same pass).
     */
    public static List<JsonNode> read(ReportFile report, int limit, Consumer<JsonNode> each) throws IOException {
        PriorityQueue<JsonNode> latestFirst = new PriorityQueue<>(ORDER.reversed());
        report.forEach("transactions", tx -> {
            each.accept(tx);
            if (limit <= 0) {
                return;
            }
            if (latestFirst.size() < limit) {
                latestFirst.add(tx);
            } else if (ORDER.compare(tx, latestFirst.peek()) < 0) {
                latestFirst.poll();
                latestFirst.add(tx);
            }
        });
        List<JsonNode> out = new ArrayList<>(latestFirst);
        out.sort(ORDER);
        return out;
    }

    public static long startNanos(JsonNode tx) {
        long t = Nodes.nanos(Nodes.start(tx));
        return t == 0 ? Long.MAX_VALUE : t;
    }
}
