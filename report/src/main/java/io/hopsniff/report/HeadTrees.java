package io.hopsniff.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hopsniff.report.correlation.CorrelationJson;
import io.hopsniff.report.correlation.CorrelationSummaryJson;
import io.hopsniff.report.correlation.HeaderDiffJson;
import io.hopsniff.report.correlation.LegsJson;
import io.hopsniff.report.diagnosis.Diagnosis;
import io.hopsniff.report.diagnosis.Story;
import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.json.SummaryJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.ToolJson;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The report's head sections as JSON trees, built by hand: the same trees as the mapper's {@code valueToTree} of
 * these records ({@link JsonMapper}: snake_case names in component order, null members left out where the type says
 * {@code NON_NULL}, map entries in key order), without its introspection. Jackson builds a serialiser per record
 * type the first time one is written (reflection over components and annotations, every nested type): on a 7 kB
 * capture that was a third of the main thread (83 -> 55 ms of wall-clock samples without it), besides a thread that
 * warmed them up beside the decoding on every run. Any other value goes to the mapper. HeadTreesTest holds the head
 * sections of every sample and corpus capture, and records with every member set, to the mapper's trees.
 */
final class HeadTrees {

    private static final JsonNodeFactory NODES = JsonMapper.get().getNodeFactory();

    private HeadTrees() {
    }

    /** {@code value} as the mapper's {@code valueToTree} makes it: by hand for the head's records and lists of them. */
    static JsonNode of(Object value) {
        if (value instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode(list.size());
            for (int i = 0; i < list.size(); i++) {
                a.add(of(list.get(i)));
            }
            return a;
        }
        if (value instanceof ToolJson t) {
            return tool(t);
        } else if (value instanceof InputJson i) {
            return input(i);
        } else if (value instanceof CaptureJson c) {
            return capture(c);
        } else if (value instanceof SummaryJson s) {
            return summary(s);
        } else if (value instanceof LegsJson l) {
            return legs(l);
        } else if (value instanceof Diagnosis d) {
            return diagnosis(d);
        } else if (value instanceof CorrelationJson c) {
            return correlation(c);
        } else if (value instanceof AnomalyJson a) {
            return anomaly(a);
        }
        return value == null ? NODES.nullNode() : JsonMapper.get().valueToTree(value);
    }

    /**
     * The tree's JSON, as the mapper's writer writes a tree (compact, numbers as their node's type): the nodes are
     * walked here, so no serialiser is looked up or built for them.
     */
    static byte[] bytes(JsonNode tree) throws IOException {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
            try (JsonGenerator g = JsonMapper.get().getFactory().createGenerator(bytes)) {
                write(g, tree);
            }
            return bytes.toByteArray();
        }
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (int i = 0; i < n.size(); i++) {
                    write(g, n.get(i));
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> JsonMapper.get().writeTree(g, n);
                }
            }
            default -> JsonMapper.get().writeTree(g, n);
        }
    }

    private static ObjectNode tool(ToolJson t) {
        ObjectNode n = NODES.objectNode();
        n.put("name", t.name());
        n.put("version", t.version());
        n.set("generated", time(t.generated()));
        n.set("servers", array(t.servers()));
        n.put("redacted", t.redacted());
        n.put("body_bytes", t.bodyBytes());
        n.set("limits", counts(t.limits()));
        return n;
    }

    private static ObjectNode input(InputJson i) {
        ObjectNode n = NODES.objectNode();
        if (i.files() == null) {
            n.putNull("files");
        } else {
            ArrayNode files = n.putArray("files");
            for (InputJson.FileJson f : i.files()) {
                ObjectNode file = files.addObject();
                file.put("path", f.path());
                file.put("format", f.format());
                file.set("link_types", array(f.linkTypes()));
                file.put("packets", f.packets());
                file.put("bytes", f.bytes());
                file.put("file_bytes", f.fileBytes());
                file.put("truncated", f.truncated());
            }
        }
        InputJson.PacketsJson p = i.packets();
        if (p == null) {
            n.putNull("packets");
        } else {
            ObjectNode packets = n.putObject("packets");
            packets.put("total", p.total());
            packets.put("bytes", p.bytes());
            packets.put("tcp", p.tcp());
            packets.put("filtered_out", p.filteredOut());
            packets.put("non_ip", p.nonIp());
            packets.put("non_tcp", p.nonTcp());
            packets.put("ip_fragments", p.ipFragments());
            packets.put("link_type_unsupported", p.linkTypeUnsupported());
            packets.put("malformed", p.malformed());
        }
        return n;
    }

    /** NON_NULL, and so is its live part. */
    private static ObjectNode capture(CaptureJson c) {
        ObjectNode n = NODES.objectNode();
        optional(n, "first", time(c.first()));
        optional(n, "last", time(c.last()));
        n.put("duration_ms", c.durationMs());
        CaptureJson.LiveJson l = c.live();
        if (l != null) {
            ObjectNode live = n.putObject("live");
            optional(live, "interface_name", l.interfaceName());
            optional(live, "filter", l.filter());
            live.put("snaplen", l.snaplen());
            optional(live, "started", time(l.started()));
            optional(live, "stopped", time(l.stopped()));
            optional(live, "libpcap_version", l.libpcapVersion());
            live.put("packets_received", l.packetsReceived());
            live.put("dropped_by_kernel", l.droppedByKernel());
            live.put("dropped_by_interface", l.droppedByInterface());
            live.put("dropped_by_hopsniff", l.droppedByHopsniff());
            optional(live, "hostname", l.hostname());
            optional(live, "user", l.user());
            if (l.interim() != null) {
                live.put("interim", l.interim());
            }
        }
        return n;
    }

    /** Only {@code correlation} is NON_NULL. */
    private static ObjectNode summary(SummaryJson s) {
        ObjectNode n = NODES.objectNode();
        n.put("connections", s.connections());
        n.put("connections_skipped", s.connectionsSkipped());
        n.put("transactions", s.transactions());
        n.put("requests", s.requests());
        n.put("responses", s.responses());
        n.put("interim_responses", s.interimResponses());
        n.put("unanswered", s.unanswered());
        n.set("methods", counts(s.methods()));
        n.set("status_classes", counts(s.statusClasses()));
        n.set("statuses", counts(s.statuses()));
        n.set("upgrades", counts(s.upgrades()));
        n.put("connect_tunnels", s.connectTunnels());
        n.set("anomalies", counts(s.anomalies()));
        n.set("anomalies_by_severity", counts(s.anomaliesBySeverity()));
        n.set("limits_hit", counts(s.limitsHit()));
        n.put("anomalies_listed", s.anomaliesListed());
        n.put("anomalies_not_listed", s.anomaliesNotListed());
        CorrelationSummaryJson c = s.correlation();
        if (c != null) {
            ObjectNode correlation = n.putObject("correlation");
            correlation.put("pairs", c.pairs());
            if (c.frontOnly() != null) {
                correlation.put("front_only", c.frontOnly());
            } else {
                correlation.putNull("front_only");
            }
            correlation.put("backend_only", c.backendOnly());
            correlation.put("not_correlated", c.notCorrelated());
        }
        return n;
    }

    private static ObjectNode legs(LegsJson l) {
        ObjectNode n = NODES.objectNode();
        n.put("decided", l.decided());
        n.set("front", array(l.front()));
        n.set("backend", array(l.backend()));
        n.set("evidence", array(l.evidence()));
        return n;
    }

    /** NON_NULL, and so are its stories. */
    private static ObjectNode diagnosis(Diagnosis d) {
        ObjectNode n = NODES.objectNode();
        optional(n, "id", d.id());
        optional(n, "severity", d.severity());
        optional(n, "title", d.title());
        optional(n, "verdict", d.verdict());
        optional(n, "leg", d.leg());
        n.put("count", d.count());
        optional(n, "transactions", array(d.transactions()));
        optional(n, "connections", array(d.connections()));
        if (d.stories() != null) {
            ArrayNode stories = n.putArray("stories");
            for (Story s : d.stories()) {
                stories.add(s == null ? NODES.nullNode() : story(s));
            }
        }
        optional(n, "evidence", array(d.evidence()));
        optional(n, "causes", array(d.causes()));
        optional(n, "fix", d.fix());
        optional(n, "reference", d.reference());
        return n;
    }

    private static ObjectNode story(Story s) {
        ObjectNode n = NODES.objectNode();
        n.put("front", s.front());
        if (s.backend() != null) {
            n.put("backend", s.backend());
        }
        n.put("front_connection", s.frontConnection());
        if (s.backendConnection() != null) {
            n.put("backend_connection", s.backendConnection());
        }
        optional(n, "client_sent", s.clientSent());
        optional(n, "forwarded", s.forwarded());
        optional(n, "proxy_changed", array(s.proxyChanged()));
        optional(n, "backend_answered", s.backendAnswered());
        optional(n, "client_got", s.clientGot());
        optional(n, "answered_by", s.answeredBy());
        if (s.confidence() != null) {
            n.put("confidence", s.confidence());
        }
        return n;
    }

    /** NON_NULL, as are its status, latency and WebSocket parts; its target and header diffs write their nulls. */
    private static ObjectNode correlation(CorrelationJson c) {
        ObjectNode n = NODES.objectNode();
        if (c.front() != null) {
            n.put("front", c.front());
        }
        n.put("backend", c.backend());
        n.put("front_connection", c.frontConnection());
        n.put("backend_connection", c.backendConnection());
        n.put("confidence", c.confidence());
        optional(n, "reason", c.reason());
        if (c.target() != null) {
            ObjectNode target = n.putObject("target");
            target.put("front", c.target().front());
            target.put("backend", c.target().backend());
        }
        optional(n, "header_diff", headerDiff(c.headerDiff()));
        if (c.status() != null) {
            ObjectNode status = n.putObject("status");
            if (c.status().front() != null) {
                status.put("front", c.status().front());
            }
            if (c.status().backend() != null) {
                status.put("backend", c.status().backend());
            }
        }
        if (c.latencyMs() != null) {
            ObjectNode latency = n.putObject("latency_ms");
            CorrelationJson.LatencyJson l = c.latencyMs();
            if (l.front() != null) {
                latency.put("front", l.front());
            }
            if (l.backend() != null) {
                latency.put("backend", l.backend());
            }
            if (l.proxyOverhead() != null) {
                latency.put("proxy_overhead", l.proxyOverhead());
            }
        }
        if (c.websocket() != null) {
            ObjectNode ws = n.putObject("websocket");
            CorrelationJson.WebSocketPairJson w = c.websocket();
            ws.put("backend_switched", w.backendSwitched());
            if (w.reachedClient() != null) {
                ws.put("reached_client", w.reachedClient());
            }
            if (w.keyRegenerated() != null) {
                ws.put("key_regenerated", w.keyRegenerated());
            }
        }
        optional(n, "response_header_diff", headerDiff(c.responseHeaderDiff()));
        return n;
    }

    private static ObjectNode headerDiff(HeaderDiffJson d) {
        if (d == null) {
            return null;
        }
        ObjectNode n = NODES.objectNode();
        n.set("added", array(d.added()));
        n.set("removed", array(d.removed()));
        n.set("changed", array(d.changed()));
        n.set("renamed", array(d.renamed()));
        return n;
    }

    /** NON_NULL. */
    private static ObjectNode anomaly(AnomalyJson a) {
        ObjectNode n = NODES.objectNode();
        optional(n, "id", a.id());
        optional(n, "severity", a.severity());
        if (a.connection() != null) {
            n.put("connection", a.connection());
        }
        if (a.transaction() != null) {
            n.put("transaction", a.transaction());
        }
        optional(n, "time", time(a.time()));
        optional(n, "summary", a.summary());
        optional(n, "detail", a.detail());
        return n;
    }

    private static ObjectNode time(TimeJson t) {
        if (t == null) {
            return null;
        }
        ObjectNode n = NODES.objectNode();
        n.put("utc", t.utc());
        n.put("epoch_ns", t.epochNs());
        return n;
    }

    /**
     * A list of strings, numbers or lists of them (the head's id lists, texts and [name, value] header fields); a null
     * list or element is a JSON null (members that are NON_NULL go through {@link #optional}).
     */
    private static JsonNode array(List<?> list) {
        if (list == null) {
            return NODES.nullNode();
        }
        ArrayNode a = NODES.arrayNode(list.size());
        for (int i = 0; i < list.size(); i++) {
            a.add(element(list.get(i)));
        }
        return a;
    }

    private static JsonNode element(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof String text) {
            return NODES.textNode(text);
        } else if (v instanceof Long number) {
            return NODES.numberNode(number);
        } else if (v instanceof List<?> inner) {
            return array(inner);
        }
        return JsonMapper.get().valueToTree(v);
    }

    /** Counts by name, in the map's order (the report's maps are sorted). */
    private static JsonNode counts(Map<String, Long> map) {
        if (map == null) {
            return NODES.nullNode();
        }
        ObjectNode n = NODES.objectNode();
        for (Map.Entry<String, Long> e : map.entrySet()) {
            n.put(e.getKey(), e.getValue());
        }
        return n;
    }

    /** A NON_NULL member: left out when null (a JSON null made from a null list is left out too). */
    private static void optional(ObjectNode n, String name, JsonNode value) {
        if (value != null && !value.isNull()) {
            n.set(name, value);
        }
    }

    private static void optional(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }
}
