package io.hopsniff.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.hopsniff.report.json.ConnectionJson;
import io.hopsniff.report.json.DirectionJson;
import io.hopsniff.report.json.Http2Json;
import io.hopsniff.report.json.MessageJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.TlsJson;
import io.hopsniff.report.json.TransactionJson;
import io.hopsniff.report.json.WebSocketJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the records the report spools by the thousand, exchanges and connections, straight to Jackson's streaming
 * generator: the same bytes as the mapper's serialisation of these records ({@link JsonMapper}: snake_case names in
 * component order, null members left out where the type says {@code NON_NULL}, map entries sorted by key), without
 * its reflection. On a big capture the mapper's bean serialisers were a third of the spool threads' time (an
 * accessor called through reflection per member) and a sixth of what the JIT compiled. Any other record goes to
 * the mapper. SpooledRecordWriterTest holds every record of the samples and the corpus, and records with every
 * member set, to the mapper's output byte for byte, so a member added to a record and not here fails it.
 */
final class SpooledRecordWriter {

    private SpooledRecordWriter() {
    }

    /** Writes {@code record} as one JSON value: by hand for the spooled records, else with {@code mapper}. */
    static void write(JsonGenerator g, Object record, ObjectWriter mapper) throws IOException {
        if (record instanceof TransactionJson t) {
            transaction(g, t);
        } else if (record instanceof ConnectionJson c) {
            connection(g, c);
        } else {
            mapper.writeValue(g, record);
        }
    }

    /** The record's JSON as bytes, as {@link #write} writes it. */
    static byte[] bytes(Object record, ObjectWriter mapper) throws IOException {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(512)) {
            try (JsonGenerator g = JsonMapper.get().getFactory().createGenerator(bytes)) {
                write(g, record, mapper);
            }
            return bytes.toByteArray();
        }
    }

    private static void transaction(JsonGenerator g, TransactionJson t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", t.id());
        g.writeNumberField("connection", t.connection());
        g.writeNumberField("sequence", t.sequence());
        string(g, "protocol", t.protocol(), true);
        string(g, "client", t.client(), true);
        string(g, "server", t.server(), true);
        string(g, "leg", t.leg(), true);
        message(g, "request", t.request());
        if (t.interim() != null) {
            g.writeArrayFieldStart("interim");
            for (int i = 0; i < t.interim().size(); i++) {
                message(g, null, t.interim().get(i));
            }
            g.writeEndArray();
        }
        message(g, "response", t.response());
        number(g, "latency_ms", t.latencyMs());
        number(g, "duration_ms", t.durationMs());
        string(g, "upgrade", t.upgrade(), true);
        if (t.tunnel() != null) {
            g.writeNumberField("tunnel", t.tunnel());
        }
        websocket(g, t.websocket());
        strings(g, "anomalies", t.anomalies(), true);
        g.writeEndObject();
    }

    /** A message head; {@code name} null for an array element. NON_NULL, but a null element is written. */
    private static void message(JsonGenerator g, String name, MessageJson m) throws IOException {
        if (m == null) {
            if (name == null) {
                g.writeNull();
            }
            return;
        }
        if (name != null) {
            g.writeFieldName(name);
        }
        g.writeStartObject();
        string(g, "method", m.method(), true);
        string(g, "target", m.target(), true);
        if (m.status() != null) {
            g.writeNumberField("status", m.status());
        }
        string(g, "reason", m.reason(), true);
        string(g, "version", m.version(), true);
        fields(g, "headers", m.headers());
        fields(g, "trailers", m.trailers());
        time(g, "first_byte", m.firstByte(), true);
        time(g, "head_end", m.headEnd(), true);
        time(g, "last_byte", m.lastByte(), true);
        g.writeNumberField("head_bytes", m.headBytes());
        g.writeNumberField("body_bytes", m.bodyBytes());
        string(g, "framing", m.framing(), true);
        g.writeBooleanField("complete", m.complete());
        MessageJson.BodyPrefixJson body = m.bodyPrefix();
        if (body != null) {
            g.writeObjectFieldStart("body_prefix");
            string(g, "encoding", body.encoding(), false);
            string(g, "data", body.data(), false);
            g.writeNumberField("bytes", body.bytes());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Header or trailer fields, each a [name, value] list. */
    private static void fields(JsonGenerator g, String name, List<List<String>> fields) throws IOException {
        if (fields == null) {
            return;
        }
        g.writeArrayFieldStart(name);
        // Indexed loops: the lists are List.of and ArrayList, and C1 (the launcher's JIT) allocates every iterator.
        for (int i = 0; i < fields.size(); i++) {
            List<String> field = fields.get(i);
            if (field == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (int j = 0; j < field.size(); j++) {
                    stringValue(g, field.get(j));
                }
                g.writeEndArray();
            }
        }
        g.writeEndArray();
    }

    private static void websocket(JsonGenerator g, WebSocketJson w) throws IOException {
        if (w == null) {
            return;
        }
        g.writeObjectFieldStart("websocket");
        side(g, "c2s", w.c2s());
        side(g, "s2c", w.s2c());
        string(g, "subprotocol", w.subprotocol(), true);
        string(g, "extensions", w.extensions(), true);
        string(g, "closed_by", w.closedBy(), true);
        g.writeBooleanField("close_handshake_completed", w.closeHandshakeCompleted());
        string(g, "end", w.end(), true);
        string(g, "ended_by", w.endedBy(), true);
        g.writeNumberField("idle_before_end_ms", w.idleBeforeEndMs());
        g.writeBooleanField("undecodable", w.undecodable());
        if (w.messages() != null) {
            g.writeArrayFieldStart("messages");
            for (WebSocketJson.Message m : w.messages()) {
                if (m == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                string(g, "direction", m.direction(), false);
                time(g, "time", m.time(), false);
                string(g, "opcode", m.opcode(), false);
                g.writeNumberField("wire_bytes", m.wireBytes());
                g.writeBooleanField("compressed", m.compressed());
                g.writeBooleanField("complete", m.complete());
                string(g, "encoding", m.encoding(), false);
                string(g, "data", m.data(), false);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void side(JsonGenerator g, String name, WebSocketJson.Side s) throws IOException {
        if (s == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeNumberField("frames", s.frames());
        g.writeNumberField("bytes", s.bytes());
        g.writeNumberField("messages", s.messages());
        counts(g, "opcodes", s.opcodes());
        if (s.closeCode() != null) {
            g.writeNumberField("close_code", s.closeCode());
        }
        string(g, "close_reason", s.closeReason(), true);
        time(g, "first_frame", s.firstFrame(), true);
        time(g, "last_frame", s.lastFrame(), true);
        if (s.largestMessageBytes() != null) {
            g.writeNumberField("largest_message_bytes", s.largestMessageBytes());
        }
        if (s.largestMessageWireBytes() != null) {
            g.writeNumberField("largest_message_wire_bytes", s.largestMessageWireBytes());
        }
        g.writeEndObject();
    }

    private static void connection(JsonGenerator g, ConnectionJson c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", c.id());
        string(g, "client", c.client(), true);
        string(g, "server", c.server(), true);
        string(g, "community_id", c.communityId(), true);
        string(g, "leg", c.leg(), true);
        time(g, "first", c.first(), true);
        time(g, "last", c.last(), true);
        g.writeNumberField("duration_ms", c.durationMs());
        string(g, "end", c.end(), true);
        g.writeBooleanField("syn_seen", c.synSeen());
        g.writeBooleanField("roles_from_syn", c.rolesFromSyn());
        string(g, "history", c.history(), true);
        string(g, "protocol", c.protocol(), true);
        string(g, "upgraded_to", c.upgradedTo(), true);
        g.writeNumberField("exchanges", c.exchanges());
        direction(g, "c2s", c.c2s());
        direction(g, "s2c", c.s2c());
        tls(g, c.tls());
        http2(g, c.http2());
        ConnectionJson.PreambleJson p = c.preamble();
        if (p != null) {
            g.writeObjectFieldStart("preamble");
            string(g, "kind", p.kind(), true);
            string(g, "source", p.source(), true);
            string(g, "target", p.target(), true);
            string(g, "status", p.status(), true);
            g.writeEndObject();
        }
        websocket(g, c.websocket());
        g.writeEndObject();
    }

    private static void direction(JsonGenerator g, String name, DirectionJson d) throws IOException {
        if (d == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeNumberField("packets", d.packets());
        g.writeNumberField("wire_bytes", d.wireBytes());
        g.writeNumberField("delivered_bytes", d.deliveredBytes());
        g.writeNumberField("gaps", d.gaps());
        g.writeNumberField("gap_bytes", d.gapBytes());
        g.writeNumberField("retransmissions", d.retransmissions());
        g.writeNumberField("out_of_order", d.outOfOrder());
        g.writeNumberField("overlap_conflicts", d.overlapConflicts());
        g.writeNumberField("non_http_bytes", d.nonHttpBytes());
        g.writeNumberField("tunnel_bytes", d.tunnelBytes());
        g.writeEndObject();
    }

    private static void tls(JsonGenerator g, TlsJson t) throws IOException {
        if (t == null) {
            return;
        }
        g.writeObjectFieldStart("tls");
        string(g, "sni", t.sni(), true);
        strings(g, "alpn_offered", t.alpnOffered(), true);
        strings(g, "versions_offered", t.versionsOffered(), true);
        string(g, "legacy_version", t.legacyVersion(), true);
        if (t.cipherSuitesOffered() != null) {
            g.writeNumberField("cipher_suites_offered", t.cipherSuitesOffered());
        }
        string(g, "version_chosen", t.versionChosen(), true);
        string(g, "alpn_chosen", t.alpnChosen(), true);
        if (t.helloRetryRequest() != null) {
            g.writeBooleanField("hello_retry_request", t.helloRetryRequest());
        }
        string(g, "note", t.note(), true);
        g.writeEndObject();
    }

    private static void http2(JsonGenerator g, Http2Json h) throws IOException {
        if (h == null) {
            return;
        }
        g.writeObjectFieldStart("http2");
        g.writeBooleanField("server_spoke_http2", h.serverSpokeHttp2());
        g.writeBooleanField("client_preface_seen", h.clientPrefaceSeen());
        nestedCounts(g, "frames", h.frames());
        counts(g, "bytes", h.bytes());
        counts(g, "undecoded_bytes", h.undecodedBytes());
        counts(g, "streams", h.streams());
        if (h.goaway() != null) {
            g.writeObjectFieldStart("goaway");
            for (Map.Entry<String, String> e : sorted(h.goaway()).entrySet()) {
                g.writeFieldName(e.getKey());
                stringValue(g, e.getValue());
            }
            g.writeEndObject();
        }
        nestedCounts(g, "settings", h.settings());
        g.writeEndObject();
    }

    private static void nestedCounts(JsonGenerator g, String name, Map<String, Map<String, Long>> m)
            throws IOException {
        if (m == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Map<String, Long>> e : sorted(m).entrySet()) {
            if (e.getValue() == null) {
                g.writeNullField(e.getKey());
            } else {
                counts(g, e.getKey(), e.getValue());
            }
        }
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String name, Map<String, Long> m) throws IOException {
        if (m == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : sorted(m).entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() == null) {
                g.writeNull();
            } else {
                g.writeNumber(e.getValue());
            }
        }
        g.writeEndObject();
    }

    /** As the mapper's ORDER_MAP_ENTRIES_BY_KEYS: a sorted map keeps its order, any other is sorted by key. */
    private static <V> Map<String, V> sorted(Map<String, V> m) {
        return m instanceof SortedMap ? m : new TreeMap<>(m);
    }

    private static void time(JsonGenerator g, String name, TimeJson t, boolean nonNull) throws IOException {
        if (t == null) {
            if (!nonNull) {
                g.writeNullField(name);
            }
            return;
        }
        g.writeObjectFieldStart(name);
        string(g, "utc", t.utc(), false);
        g.writeNumberField("epoch_ns", t.epochNs());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values, boolean nonNull)
            throws IOException {
        if (values == null) {
            if (!nonNull) {
                g.writeNullField(name);
            }
            return;
        }
        g.writeArrayFieldStart(name);
        for (int i = 0; i < values.size(); i++) {
            stringValue(g, values.get(i));
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String name, Double value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.doubleValue());
        }
    }

    /** A string member; a null one left out ({@code nonNull}) or written as null. */
    private static void string(JsonGenerator g, String name, String value, boolean nonNull) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        } else if (!nonNull) {
            g.writeNullField(name);
        }
    }

    private static void stringValue(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }
}
