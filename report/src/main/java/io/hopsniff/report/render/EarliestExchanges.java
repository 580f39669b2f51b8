package io.hopsniff.report.render;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.report.JsonMapper;
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
        Earliest<JsonNode> earliest = new Earliest<>(ORDER, limit);
        report.forEach("transactions", tx -> {
            each.accept(tx);
            earliest.offer(tx);
        });
        return earliest.sorted();
    }

    /** The {@code limit} smallest of what is offered, in bounded memory. */
    private static final class Earliest<T> {
        private final Comparator<T> order;
        private final int limit;
        private final PriorityQueue<T> latestFirst;

        Earliest(Comparator<T> order, int limit) {
            this.order = order;
            this.limit = limit;
            this.latestFirst = new PriorityQueue<>(order.reversed());
        }

        void offer(T item) {
            if (latestFirst.size() < limit) {
                latestFirst.add(item);
            } else if (limit > 0 && order.compare(item, latestFirst.peek()) < 0) {
                latestFirst.poll();
                latestFirst.add(item);
            }
        }

        List<T> sorted() {
            List<T> out = new ArrayList<>(latestFirst);
            out.sort(order);
            return out;
        }
    }

    /**
     * Up to {@code limit} exchanges, earliest first, as {@link #read} finds them, but without a tree per exchange:
     * the ones the report's writer kept when there are enough, else one streaming pass reads each exchange's id and
     * start (a text summary of a 60 MB report spent half a second building trees it threw away), then only the
     * chosen ones are parsed whole.
     */
    public static List<JsonNode> read(ReportFile report, int limit) throws IOException {
        if (limit <= 0) {
            return List.of();
        }
        List<JsonNode> kept = report.keptEarliest(limit);
        if (kept != null) {
            return kept;
        }
        Earliest<Found> earliest = new Earliest<>(
                Comparator.comparingLong(Found::start).thenComparingLong(Found::id), limit);
        report.scan("transactions", (p, offset) -> earliest.offer(skim(p, offset)));
        List<JsonNode> out = new ArrayList<>();
        for (Found f : earliest.sorted()) {
            out.add(report.elementAt(f.offset()));
        }
        return out;
    }

    private record Found(long start, long id, long offset) {
    }

    /** One exchange's {@link #startNanos} and id, read token by token (same rules: the last of a repeated member wins). */
    private static Found skim(JsonParser p, long offset) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new Found(Long.MAX_VALUE, 0, offset);
        }
        JsonNode id = null;
        JsonNode requestStart = null;
        JsonNode responseStart = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = JsonMapper.get().readTree(p);
                case "request" -> requestStart = firstByte(p);
                case "response" -> responseStart = firstByte(p);
                default -> p.skipChildren();
            }
        }
        JsonNode start = requestStart != null ? requestStart : responseStart;
        long t = Nodes.nanos(start);
        return new Found(t == 0 ? Long.MAX_VALUE : t, id == null ? 0 : id.asLong(), offset);
    }

    /** A message's {@code first_byte} member (null when it has none), the parser past the message. */
    private static JsonNode firstByte(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        JsonNode found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("first_byte")) {
                found = JsonMapper.get().readTree(p);
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    public static long startNanos(JsonNode tx) {
        long t = Nodes.nanos(Nodes.start(tx));
        return t == 0 ? Long.MAX_VALUE : t;
    }
}
