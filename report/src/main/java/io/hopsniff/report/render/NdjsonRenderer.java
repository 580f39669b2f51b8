package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hopsniff.report.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One JSON event per line, in the order things completed: exchanges (a WebSocket session right after the
 * exchange that opened it), connections and anomalies merged by time from their arrays (each already in
 * completion order), then the whole-capture results: diagnoses, correlations, and a {@code stats} line last.
 */
public final class NdjsonRenderer implements Renderer {

    @Override
    public void render(ReportFile report, OutputStream out) throws IOException {
        try (ReportFile.Elements tx = report.elements("transactions");
             ReportFile.Elements conns = report.elements("connections")) {
            Iterator<JsonNode> anomalies = report.head().path("anomalies").iterator();
            Merge exchanges = new Merge(tx, "x");
            Merge connections = new Merge(conns, "c");
            Merge anomalyLines = new Merge(anomalies, "a");
            while (true) {
                Merge next = earliest(exchanges, connections, anomalyLines);
                if (next == null) {
                    break;
                }
                for (ObjectNode e : next.take()) {
                    line(out, e);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        tail(report, out);
    }

    /** The lines only the end of the capture can give: diagnoses, correlations, stats. */
    public static void tail(ReportFile report, OutputStream out) throws IOException {
        JsonNode head = report.head();
        String end = NdjsonEvents.endOfCapture(head);
        for (JsonNode d : head.path("diagnoses")) {
            line(out, NdjsonEvents.whole("diagnosis", d, end));
        }
        for (JsonNode c : head.path("correlations")) {
            line(out, NdjsonEvents.whole("correlation", c, end));
        }
        line(out, NdjsonEvents.stats(head));
        out.flush();
    }

    static void line(OutputStream out, ObjectNode event) throws IOException {
        out.write(JsonMapper.get().writeValueAsBytes(event));
        out.write('\n');
    }

    static String line(ObjectNode event) throws IOException {
        return new String(JsonMapper.get().writeValueAsBytes(event), StandardCharsets.UTF_8);
    }

    private static Merge earliest(Merge... streams) {
        Merge best = null;
        for (Merge m : streams) {
            if (m.peekNanos() >= 0 && (best == null || m.peekNanos() < best.peekNanos())) {
                best = m;
            }
        }
        return best;
    }

    /** One array, looked ahead by one element, keyed by the element's completion time. */
    private static final class Merge {
        private final Iterator<JsonNode> it;
        private final String kind;
        private JsonNode head;

        Merge(Iterator<JsonNode> it, String kind) {
            this.it = it;
            this.kind = kind;
        }

        long peekNanos() {
            if (head == null && it.hasNext()) {
                head = it.next();
            }
            if (head == null) {
                return -1;
            }
            JsonNode t = switch (kind) {
                case "x" -> Nodes.end(head);
                case "c" -> head.get("last");
                default -> head.get("time");
            };
            return Math.max(0, Nodes.nanos(t));
        }

        List<ObjectNode> take() {
            JsonNode n = head;
            head = null;
            List<ObjectNode> out = new ArrayList<>(2);
            switch (kind) {
                case "x" -> {
                    out.add(NdjsonEvents.exchange(n));
                    ObjectNode ws = NdjsonEvents.websocket(n);
                    if (ws != null) {
                        out.add(ws);
                    }
                }
                case "c" -> out.add(NdjsonEvents.connection(n));
                default -> out.add(NdjsonEvents.anomaly(n));
            }
            return out;
        }
    }
}
