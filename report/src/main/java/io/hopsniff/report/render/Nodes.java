package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Small readers over the report's JSON, tolerant of absent members (older reports, fields added later). */
public final class Nodes {

    private Nodes() {
    }

    /**
     * What became of a story's request with no backend exchange: "not forwarded" (the proxy answered it, or nobody
     * did), or "backend leg not captured" when its answer was relayed or of unknown origin.
     */
    public static String unpaired(JsonNode story) {
        String by = story.path("answered_by").asText();
        return by.equals("backend") || by.equals("unknown") ? "backend leg not captured" : "not forwarded";
    }

    /** Epoch nanoseconds of a report time object, 0 when absent. */
    static long nanos(JsonNode time) {
        return time == null ? 0 : time.path("epoch_ns").asLong(0);
    }

    static String utc(JsonNode time) {
        return time == null || time.isMissingNode() || time.isNull() ? null : time.path("utc").asText(null);
    }

    /** When an exchange started: its request's first byte, else its response's. */
    static JsonNode start(JsonNode tx) {
        JsonNode t = tx.path("request").get("first_byte");
        return t != null ? t : tx.path("response").get("first_byte");
    }

    /** When an exchange completed: the latest of its message ends and WebSocket frames. */
    static JsonNode end(JsonNode tx) {
        JsonNode best = null;
        for (JsonNode t : new JsonNode[] {tx.path("request").get("last_byte"), tx.path("response").get("last_byte"),
                tx.path("websocket").path("c2s").get("last_frame"), tx.path("websocket").path("s2c").get("last_frame")}) {
            if (t != null && (best == null || nanos(t) > nanos(best))) {
                best = t;
            }
        }
        return best != null ? best : start(tx);
    }

    /** The first value of a header (case-insensitive name), or null. */
    static String header(JsonNode message, String name) {
        for (JsonNode h : message.path("headers")) {
            if (h.path(0).asText().equalsIgnoreCase(name)) {
                return h.path(1).asText();
            }
        }
        return null;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A value shown in prose: booleans as yes/no, objects compact. */
    static String scalar(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "-";
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "yes" : "no";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    static String millis(double ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    /** Whether a connection's {@code tls} member (added by cross-leg correlation) says TLS. */
    static boolean tls(JsonNode connection) {
        JsonNode t = connection.get("tls");
        if (t == null || t.isNull()) {
            return false;
        }
        if (t.isBoolean()) {
            return t.asBoolean();
        }
        return !(t.has("detected") && !t.get("detected").asBoolean(true));
    }
}
