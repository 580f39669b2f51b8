package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The NDJSON event of each thing that completes: one flat object per line, {@code type} and {@code time} (ISO-8601
 * UTC of the moment it completed) first. Built from the report's JSON objects, so the live stream of
 * {@code capture} and the re-rendering of a saved report give the same lines.
 */
final class NdjsonEvents {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Fields of a transaction copied as they are when present (cross-leg correlation adds {@code leg}). */
    private static final List<String> EXCHANGE_EXTRA = List.of("leg", "upgrade", "tunnel", "latency_ms", "duration_ms",
            "anomalies");

    private NdjsonEvents() {
    }

    static ObjectNode event(String type, String time) {
        ObjectNode e = F.objectNode();
        e.put("type", type);
        e.put("time", time);
        return e;
    }

    static ObjectNode exchange(JsonNode tx) {
        ObjectNode e = event("exchange", Nodes.utc(Nodes.end(tx)));
        e.set("id", tx.get("id"));
        e.set("connection", tx.get("connection"));
        copy(tx, e, "sequence", "protocol", "client", "server");
        JsonNode req = tx.get("request");
        if (req != null) {
            e.put("start", Nodes.utc(req.get("first_byte")));
            copy(req, e, "method", "target", "version");
        }
        JsonNode resp = tx.get("response");
        if (resp != null) {
            copy(resp, e, "status", "reason");
        }
        for (String f : EXCHANGE_EXTRA) {
            copy(tx, e, f);
        }
        return e;
    }

    /** The WebSocket session that followed a 101, or null. Kept message prefixes stay in the report. */
    static ObjectNode websocket(JsonNode tx) {
        JsonNode ws = tx.get("websocket");
        if (ws == null || ws.isNull()) {
            return null;
        }
        ObjectNode e = event("websocket", Nodes.utc(Nodes.end(tx)));
        e.set("transaction", tx.get("id"));
        e.set("connection", tx.get("connection"));
        copy(tx, e, "leg");
        for (String side : List.of("c2s", "s2c")) {
            JsonNode s = ws.path(side);
            ObjectNode o = e.putObject(side);
            copy(s, o, "frames", "bytes", "messages", "close_code", "close_reason");
        }
        copy(ws, e, "subprotocol", "extensions", "closed_by", "close_handshake_completed", "end", "ended_by",
                "idle_before_end_ms", "undecodable");
        if (ws.has("messages")) {
            e.put("kept_messages", ws.get("messages").size());
        }
        return e;
    }

    static ObjectNode connection(JsonNode c) {
        ObjectNode e = event("connection", Nodes.utc(c.get("last")));
        e.set("id", c.get("id"));
        String cid = Nodes.text(c, "community_id");
        e.put("community_id", cid != null ? cid : CommunityId.tcp(Nodes.text(c, "client"), Nodes.text(c, "server")));
        copy(c, e, "leg", "client", "server", "protocol", "upgraded_to", "end", "history", "exchanges", "duration_ms");
        e.put("start", Nodes.utc(c.get("first")));
        e.put("c2s_bytes", c.path("c2s").path("delivered_bytes").asLong());
        e.put("s2c_bytes", c.path("s2c").path("delivered_bytes").asLong());
        e.put("gaps", c.path("c2s").path("gaps").asLong() + c.path("s2c").path("gaps").asLong());
        copy(c, e, "tls");
        return e;
    }

    static ObjectNode anomaly(JsonNode a) {
        ObjectNode e = event("anomaly", Nodes.utc(a.get("time")));
        copy(a, e, "id", "severity", "connection", "transaction", "summary", "detail");
        return e;
    }

    /** A diagnosis, a correlation, or any other whole-capture object: stamped with the capture's end. */
    static ObjectNode whole(String type, JsonNode value, String time) {
        ObjectNode e = event(type, time);
        value.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("type") && !f.getKey().equals("time")) {
                e.set(f.getKey(), f.getValue());
            }
        });
        return e;
    }

    /** The last line: the report's summary counts and capture window. */
    static ObjectNode stats(JsonNode head) {
        ObjectNode e = event("stats", endOfCapture(head));
        e.put("first", Nodes.utc(head.path("capture").get("first")));
        e.set("duration_ms", head.path("capture").get("duration_ms"));
        e.set("packets", head.path("input").path("packets"));
        head.path("summary").fields().forEachRemaining(f -> e.set(f.getKey(), f.getValue()));
        JsonNode live = head.path("capture").get("live");
        if (live != null) {
            e.set("live", live);
        }
        return e;
    }

    static String endOfCapture(JsonNode head) {
        String last = Nodes.utc(head.path("capture").get("last"));
        return last != null ? last : Nodes.utc(head.path("tool").get("generated"));
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            JsonNode v = from.get(f);
            if (v != null && !v.isNull()) {
                to.set(f, v);
            }
        }
    }
}
