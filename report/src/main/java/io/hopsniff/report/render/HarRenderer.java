package io.hopsniff.report.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.report.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), one entry per HTTP exchange, written while the
 * report's transactions stream by. URLs are built from Host (or {@code :authority}) and the target, {@code http}
 * unless the connection is TLS. Timings: send = request first→last byte, wait = the report's latency,
 * receive = response first→last byte, time = their sum. A 101 to WebSocket gets {@code _resourceType:
 * "websocket"} and, when the report kept messages (--ws-payload-bytes), Chrome's {@code _webSocketMessages}.
 * Values are as redacted in the report; cookie names cannot be recovered from a redacted Cookie field, so
 * {@code cookies} lists only what is readable (name and the placeholder for Set-Cookie).
 */
public final class HarRenderer implements Renderer {

    private static final Map<String, Integer> OPCODES = Map.of("continuation", 0, "text", 1, "binary", 2,
            "close", 8, "ping", 9, "pong", 10);

    @Override
    public void render(ReportFile report, OutputStream out) throws IOException {
        Set<Long> tlsConnections = new HashSet<>();
        report.forEach("connections", c -> {
            if (Nodes.tls(c)) {
                tlsConnections.add(c.path("id").asLong());
            }
        });
        JsonNode tool = report.head().path("tool");
        try (JsonGenerator g = JsonMapper.get().getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("log");
            g.writeStringField("version", "1.2");
            g.writeObjectFieldStart("creator");
            g.writeStringField("name", tool.path("name").asText("hopsniff"));
            g.writeStringField("version", tool.path("version").asText("unknown"));
            g.writeEndObject();
            g.writeStringField("comment", "Reconstructed from captured packets by hopsniff: the proxy-to-backend hop, "
                    + (tool.path("redacted").asBoolean(true) ? "credentials redacted" : "NOT redacted (--no-redact)"));
            g.writeArrayFieldStart("entries");
            report.forEach("transactions", tx -> {
                try {
                    entry(g, tx, tlsConnections.contains(tx.path("connection").asLong()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void entry(JsonGenerator g, JsonNode tx, boolean tls) throws IOException {
        JsonNode req = tx.get("request");
        JsonNode resp = tx.get("response");
        double send = req == null ? 0 : span(req);
        double wait = Math.max(0, tx.path("latency_ms").asDouble(0));
        double receive = resp == null ? 0 : span(resp);
        g.writeStartObject();
        g.writeStringField("startedDateTime", Nodes.utc(Nodes.start(tx)));
        g.writeNumberField("time", round(send) + round(wait) + round(receive));
        request(g, tx, req, tls);
        response(g, resp);
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        g.writeObjectFieldStart("timings");
        g.writeNumberField("send", round(send));
        g.writeNumberField("wait", round(wait));
        g.writeNumberField("receive", round(receive));
        g.writeEndObject();
        String server = tx.path("server").asText();
        g.writeStringField("serverIPAddress", server.substring(0, Math.max(0, server.lastIndexOf(':')))
                .replace("[", "").replace("]", ""));
        g.writeStringField("connection", tx.path("connection").asText());
        if ("websocket".equals(tx.path("upgrade").asText())) {
            g.writeStringField("_resourceType", "websocket");
            JsonNode messages = tx.path("websocket").get("messages");
            if (messages != null && messages.isArray()) {
                g.writeArrayFieldStart("_webSocketMessages");
                for (JsonNode m : messages) {
                    g.writeStartObject();
                    g.writeStringField("type", "c2s".equals(m.path("direction").asText()) ? "send" : "receive");
                    g.writeNumberField("time", Nodes.nanos(m.get("time")) / 1e9);
                    g.writeNumberField("opcode", OPCODES.getOrDefault(m.path("opcode").asText(), 1));
                    g.writeStringField("data", m.path("data").asText(""));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
        g.writeObjectFieldStart("_hopsniff");
        g.writeNumberField("transaction", tx.path("id").asLong());
        g.writeStringField("client", tx.path("client").asText());
        if (tx.has("leg")) {
            g.writeFieldName("leg");
            g.writeTree(tx.get("leg"));
        }
        if (tx.has("anomalies")) {
            g.writeFieldName("anomalies");
            g.writeTree(tx.get("anomalies"));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void request(JsonGenerator g, JsonNode tx, JsonNode req, boolean tls) throws IOException {
        g.writeObjectFieldStart("request");
        String target = req == null ? "/" : req.path("target").asText("/");
        g.writeStringField("method", req == null ? "UNKNOWN" : req.path("method").asText());
        g.writeStringField("url", url(tx, req, target, tls));
        g.writeStringField("httpVersion", req == null ? "" : req.path("version").asText());
        headers(g, req);
        g.writeArrayFieldStart("queryString");
        int q = target.indexOf('?');
        if (q >= 0) {
            String query = target.substring(q + 1);
            int hash = query.indexOf('#');
            for (String pair : (hash < 0 ? query : query.substring(0, hash)).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                nameValue(g, decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("cookies");
        if (req != null) {
            for (JsonNode h : req.path("headers")) {
                if (h.path(0).asText().equalsIgnoreCase("cookie") && !redacted(h.path(1).asText())) {
                    for (String c : h.path(1).asText().split(";")) {
                        int eq = c.indexOf('=');
                        if (eq > 0) {
                            nameValue(g, c.substring(0, eq).strip(), c.substring(eq + 1).strip());
                        }
                    }
                }
            }
        }
        g.writeEndArray();
        g.writeNumberField("headersSize", req == null ? -1 : req.path("head_bytes").asLong(-1));
        g.writeNumberField("bodySize", req == null ? -1 : req.path("body_bytes").asLong(-1));
        if (req == null) {
            g.writeStringField("comment", "response seen without its request (capture started mid-stream or a gap)");
        }
        g.writeEndObject();
    }

    private static void response(JsonGenerator g, JsonNode resp) throws IOException {
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", resp == null ? 0 : resp.path("status").asInt());
        g.writeStringField("statusText", resp == null ? "" : resp.path("reason").asText());
        g.writeStringField("httpVersion", resp == null ? "" : resp.path("version").asText());
        headers(g, resp);
        g.writeArrayFieldStart("cookies");
        if (resp != null) {
            for (JsonNode h : resp.path("headers")) {
                String v = h.path(1).asText();
                if (h.path(0).asText().equalsIgnoreCase("set-cookie")) {
                    int eq = v.indexOf('=');
                    if (redacted(v) || eq <= 0) {
                        nameValue(g, "", v);
                    } else {
                        int semi = v.indexOf(';');
                        nameValue(g, v.substring(0, eq).strip(), v.substring(eq + 1, semi < 0 ? v.length() : semi));
                    }
                }
            }
        }
        g.writeEndArray();
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", resp == null ? 0 : resp.path("body_bytes").asLong());
        String type = resp == null ? null : Nodes.header(resp, "content-type");
        g.writeStringField("mimeType", type == null ? "x-unknown" : type);
        JsonNode body = resp == null ? null : resp.get("body_prefix");
        if (body != null) {
            g.writeStringField("text", body.path("data").asText());
            if ("base64".equals(body.path("encoding").asText())) {
                g.writeStringField("encoding", "base64");
            }
            g.writeStringField("comment", "first " + body.path("bytes").asLong() + " bytes only (--body-bytes)");
        }
        g.writeEndObject();
        String location = resp == null ? null : Nodes.header(resp, "location");
        g.writeStringField("redirectURL", location == null ? "" : location);
        g.writeNumberField("headersSize", resp == null ? -1 : resp.path("head_bytes").asLong(-1));
        g.writeNumberField("bodySize", resp == null ? -1 : resp.path("body_bytes").asLong(-1));
        if (resp == null) {
            g.writeStringField("comment", "no response before the connection or the capture ended");
        }
        g.writeEndObject();
    }

    /**
     * The request's URL, always a valid URI (HAR viewers and har-validator check the "uri" format): what the
     * request line carried that a URI may not hold (a space in a malformed line, quotes, non-ASCII, a stray '%')
     * is percent-encoded (RFC 3986 §2.1, UTF-8), everything else is kept as sent.
     */
    static String url(JsonNode tx, JsonNode req, String target, boolean tls) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            return UriText.escapeAbsolute(target);
        }
        String scheme = tls ? "https" : "http";
        String host = null;
        if (req != null) {
            String s = Nodes.header(req, ":scheme");
            scheme = s != null ? s : scheme;
            host = Nodes.header(req, ":authority");
            host = host != null ? host : Nodes.header(req, "host");
        }
        if (host == null || host.isBlank()) {
            host = tx.path("server").asText();
        }
        if (req != null && "CONNECT".equals(req.path("method").asText()) && !target.startsWith("/")) {
            return scheme + "://" + UriText.escapeAuthority(target); // authority-form; an extended CONNECT has a path
        }
        return scheme + "://" + UriText.escapeAuthority(host.strip())
                + UriText.escape(target.startsWith("/") ? target : "/" + target);
    }

    private static void headers(JsonGenerator g, JsonNode message) throws IOException {
        g.writeArrayFieldStart("headers");
        if (message != null) {
            for (JsonNode h : message.path("headers")) {
                nameValue(g, h.path(0).asText(), h.path(1).asText());
            }
        }
        g.writeEndArray();
    }

    private static void nameValue(JsonGenerator g, String name, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static boolean redacted(String v) {
        return io.hopsniff.report.Redactor.isPlaceholder(v);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static double span(JsonNode message) {
        long a = Nodes.nanos(message.get("first_byte"));
        long b = Nodes.nanos(message.get("last_byte"));
        return a == 0 || b == 0 ? 0 : Math.max(0, b - a) / 1e6;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
