package io.hopsniff.report.correlation;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.tcp.ServerSpec;
import io.hopsniff.report.JsonMapper;
import io.hopsniff.report.JsonReport;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportOptions;
import io.hopsniff.report.diagnosis.DiagnosisSettings;
import io.hopsniff.report.json.InputJson;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Correlation on the real two-leg recordings through Caddy 2.6.2 (samples/README.md). Oracles, none of them
 * hopsniff: {@code expect.json}'s client transcripts (front requests and client ports) and
 * {@code caddy_debug_upstream_requests} (the headers Caddy logged sending upstream), plus what samples/README.md
 * records of the wire that the log understates (Go's transport adds {@code Accept-Encoding: gzip}).
 */
class CaddySamplesTest {

    private static final Path ROOT = RepoPaths.root();

    /** The whole report with --front 127.0.0.1:18080, as JSON, validated against the published schema. */
    static JsonNode report(String sample) throws Exception {
        return report(sample, Legs.parse(List.of("127.0.0.1:18080")));
    }

    /** The same with the legs given (Legs.none(): as {@code analyze} without --front). */
    static JsonNode report(String sample, Legs legs) throws Exception {
        DecoderConfig config = new DecoderConfig(List.of(ServerSpec.parse("127.0.0.1:12656"),
                ServerSpec.parse("127.0.0.1:18080")), DecoderConfig.defaults().tcp(), DecoderConfig.defaults().http());
        ReportOptions options = new ReportOptions("test", List.of("127.0.0.1:12656"), true, 0,
                new java.util.TreeMap<>(), 10_000);
        try (ReportCollector collector = new ReportCollector(options, DiagnosisSettings.DEFAULTS, legs)) {
            Analyzer analyzer = new Analyzer(config, collector);
            CaptureFiles.read(ROOT.resolve("samples").resolve(sample), analyzer);
            analyzer.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new JsonReport(collector, new InputJson(List.of(), new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0)),
                    null, 1_795_635_561_000_000_000L).write(out);
            JsonNode json = JsonMapper.get().readTree(out.toByteArray());
            try (InputStream in = JsonReport.class.getResourceAsStream("report.schema.json")) {
                assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in).validate(json))
                        .as("schema violations").isEmpty();
            }
            return json;
        }
    }

    private static JsonNode expect(String sample) throws Exception {
        return JsonMapper.get().readTree(Files.readString(ROOT.resolve("samples").resolve(sample)));
    }

    private static Map<Long, JsonNode> byId(JsonNode array) {
        Map<Long, JsonNode> m = new HashMap<>();
        array.forEach(n -> m.put(n.get("id").asLong(), n));
        return m;
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    private static String header(JsonNode message, String name) {
        for (JsonNode h : message.get("headers")) {
            if (h.get(0).asText().equalsIgnoreCase(name)) {
                return h.get(1).asText();
            }
        }
        return null;
    }

    private static List<List<String>> rows(JsonNode array) {
        List<List<String>> out = new ArrayList<>();
        array.forEach(r -> {
            List<String> row = new ArrayList<>();
            r.forEach(v -> row.add(v.asText()));
            out.add(row);
        });
        return out;
    }

    /** The caddy_debug_upstream_requests entry for this backend request: same URI, same X-Real-Ip when it has one. */
    private static JsonNode upstreamLogEntry(JsonNode expect, JsonNode backendRequest) {
        String realIp = header(backendRequest, "X-Real-Ip");
        for (JsonNode e : expect.get("legs").get(1).get("caddy_debug_upstream_requests")) {
            JsonNode logged = e.get("headers").get("X-Real-Ip");
            if (e.get("uri").asText().equals(backendRequest.get("target").asText())
                    && (realIp == null ? logged == null : logged != null && logged.get(0).asText().equals(realIp))) {
                return e;
            }
        }
        throw new AssertionError("no upstream log entry for " + backendRequest);
    }

    /** Checks every pair against the oracles; returns the pairs by backend target. */
    private static void checkPairs(String sample, int wsBackendStatus) throws Exception {
        JsonNode r = report(sample + ".pcap");
        JsonNode expect = expect(sample + ".expect.json");
        Map<Long, JsonNode> tx = byId(r.get("transactions"));
        Map<Long, JsonNode> conns = byId(r.get("connections"));
        // Legs: 18080 is the front, 12656 the backend.
        r.get("connections").forEach(c -> assertThat(c.get("leg").asText())
                .isEqualTo(port(c.get("server").asText()) == 18080 ? "front" : "backend"));
        r.get("transactions").forEach(t -> assertThat(t.get("leg").asText())
                .isEqualTo(port(t.get("server").asText()) == 18080 ? "front" : "backend"));
        // Four upstream requests in Caddy's log, four client requests in the transcripts: four pairs, none left over.
        int upstream = expect.get("legs").get(1).get("caddy_debug_upstream_requests").size();
        assertThat(r.get("correlations")).hasSize(upstream);
        assertThat(r.get("summary").get("correlation").toString())
                .isEqualTo("{\"pairs\":4,\"front_only\":0,\"backend_only\":0,\"not_correlated\":0}");
        assertThat(r.get("summary").get("anomalies").has("PROXY_NOT_FORWARDED")).isFalse();
        Set<Integer> frontPorts = new HashSet<>();
        expect.get("legs").get(0).get("connections").forEach(c -> frontPorts.add(c.get("client_port").asInt()));
        Set<Long> fronts = new HashSet<>();
        for (JsonNode pair : r.get("correlations")) {
            JsonNode front = tx.get(pair.get("front").asLong());
            JsonNode backend = tx.get(pair.get("backend").asLong());
            assertThat(fronts.add(front.get("id").asLong())).as("each front request caused one backend request").isTrue();
            assertThat(front.get("leg").asText()).isEqualTo("front");
            assertThat(backend.get("leg").asText()).isEqualTo("backend");
            assertThat(pair.get("front_connection").asLong()).isEqualTo(front.get("connection").asLong());
            int frontClientPort = port(conns.get(front.get("connection").asLong()).get("client").asText());
            assertThat(frontPorts).contains(frontClientPort);
            JsonNode bq = backend.get("request");
            JsonNode fq = front.get("request");
            assertThat(bq.get("method").asText()).isEqualTo(fq.get("method").asText());
            assertThat(bq.get("target").asText()).isEqualTo(fq.get("target").asText());
            // Timing: the backend exchange nests inside the front one (for the WebSocket: the 101s).
            assertThat(bq.get("first_byte").get("epoch_ns").asLong()).isGreaterThanOrEqualTo(fq.get("first_byte").get("epoch_ns").asLong());
            assertThat(backend.get("response").get("last_byte").get("epoch_ns").asLong())
                    .isLessThanOrEqualTo(front.get("response").get("last_byte").get("epoch_ns").asLong());
            JsonNode log = upstreamLogEntry(expect, bq);
            String realIp = header(bq, "X-Real-Ip");
            JsonNode diff = pair.get("header_diff");
            List<List<String>> added = rows(diff.get("added"));
            List<List<String>> changed = rows(diff.get("changed"));
            assertThat(rows(diff.get("removed"))).as("Caddy removed nothing the client sent").isEmpty();
            // X-Forwarded-* as Caddy logged them are added (reverse_proxy docs: it sets all three by default).
            for (String name : List.of("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto")) {
                assertThat(added).contains(List.of(name, log.get("headers").get(name).get(0).asText()));
            }
            // Go's transport adds Accept-Encoding on the wire (samples/README.md: the debug log understates it).
            assertThat(added).contains(List.of("Accept-Encoding", "gzip"));
            // Every added name is in Caddy's log except Accept-Encoding; every logged name the client did not send is added.
            Set<String> clientNames = new HashSet<>();
            fq.get("headers").forEach(h -> clientNames.add(h.get(0).asText().toLowerCase(Locale.ROOT)));
            Set<String> loggedNew = new HashSet<>();
            log.get("headers").fieldNames().forEachRemaining(n -> {
                if (!clientNames.contains(n.toLowerCase(Locale.ROOT))) {
                    loggedNew.add(n.toLowerCase(Locale.ROOT));
                }
            });
            Set<String> addedNames = new HashSet<>();
            added.forEach(a -> addedNames.add(a.get(0).toLowerCase(Locale.ROOT)));
            addedNames.remove("accept-encoding");
            assertThat(addedNames).isEqualTo(loggedNew);
            String logHost = log.get("host").asText();
            if (realIp != null) {
                // Plain requests: header_up X-Real-IP {remote} = ip:port of the exact front connection,
                // and header_up Host {host} drops the port.
                assertThat(port(realIp)).isEqualTo(frontClientPort);
                assertThat(added).contains(List.of("X-Real-Ip", log.get("headers").get("X-Real-Ip").get(0).asText()));
                assertThat(logHost).isEqualTo("127.0.0.1");
                assertThat(changed).containsExactly(List.of("Host", "127.0.0.1:18080", logHost));
                assertThat(pair.get("confidence").asDouble()).isGreaterThanOrEqualTo(0.9);
                assertThat(pair.get("reason").asText()).contains("X-Real-Ip " + realIp + " = front client");
                assertThat(pair.has("websocket")).isFalse();
            } else {
                // The WebSocket route (first reverse_proxy, matched by @websockets): Host kept, no X-Real-Ip,
                // Go-canonical names for the client's Sec-WebSocket-* fields, the client's key passed through.
                assertThat(bq.get("target").asText()).isEqualTo("/ws/abc123");
                assertThat(logHost).isEqualTo("127.0.0.1:18080");
                assertThat(changed).isEmpty();
                assertThat(rows(diff.get("renamed"))).contains(List.of("Sec-WebSocket-Key", "Sec-Websocket-Key"),
                        List.of("Sec-WebSocket-Version", "Sec-Websocket-Version"));
                assertThat(log.get("headers").has("Sec-Websocket-Key")).isTrue();
                String clientKey = expect.get("legs").get(0).get("connections").get(1).get("exchanges").get(0)
                        .get("request_headers").get("Sec-WebSocket-Key").asText();
                assertThat(log.get("headers").get("Sec-Websocket-Key").get(0).asText()).isEqualTo(clientKey);
                assertThat(pair.get("websocket").get("key_regenerated").asBoolean()).isFalse();
                assertThat(pair.get("websocket").get("backend_switched").asBoolean()).isEqualTo(wsBackendStatus == 101);
                assertThat(pair.get("websocket").get("reached_client").asBoolean()).isEqualTo(wsBackendStatus == 101);
                assertThat(pair.get("status").get("backend").asInt()).isEqualTo(log.get("status").asInt());
                assertThat(pair.get("reason").asText()).contains("nested in time", "same Sec-WebSocket-Key");
            }
            assertThat(pair.get("status").get("front").asInt()).isEqualTo(pair.get("status").get("backend").asInt());
            JsonNode latency = pair.get("latency_ms");
            assertThat(latency.get("backend").asDouble()).isLessThanOrEqualTo(latency.get("front").asDouble());
            assertThat(latency.get("proxy_overhead").asDouble()).isCloseTo(
                    latency.get("front").asDouble() - latency.get("backend").asDouble(), org.assertj.core.data.Offset.offset(0.002));
        }
    }

    @Test
    void caddyWsOk() throws Exception {
        checkPairs("caddy-ws-ok", 101);
    }

    @Test
    void caddyWsNoWsLibrary() throws Exception {
        checkPairs("caddy-ws-no-ws-library", 400);
    }

    /**
     * Without --front the two-leg recordings still show their legs: the backend requests carry Caddy's
     * X-Forwarded-For and nest inside the client's requests to 18080 (samples/README.md: Caddy listened on
     * 127.0.0.1:18080, uvicorn on 127.0.0.1:12656). Inferred legs pair exactly as declared ones do.
     */
    @Test
    void withoutFrontTheLegsAreInferredAndPairAsDeclared() throws Exception {
        for (String sample : List.of("caddy-ws-ok.pcap", "caddy-ws-no-ws-library.pcap")) {
            JsonNode declared = report(sample);
            JsonNode inferred = report(sample, Legs.none());
            assertThat(declared.at("/legs/decided").asText()).isEqualTo("declared");
            assertThat(inferred.at("/legs/decided").asText()).isEqualTo("inferred");
            assertThat(inferred.at("/legs/front").toString()).isEqualTo("[\"127.0.0.1:18080\"]");
            assertThat(inferred.at("/legs/backend").toString()).isEqualTo("[\"127.0.0.1:12656\"]");
            assertThat(inferred.at("/legs/evidence").get(0).asText()).contains("X-Forwarded-For", "ran inside");
            assertThat(pairs(inferred)).as(sample).isEqualTo(pairs(declared)).isNotEmpty();
            for (String array : List.of("transactions", "connections")) {
                for (JsonNode t : inferred.get(array)) {
                    String expected = t.get("server").asText().endsWith(":18080") ? "front" : "backend";
                    assertThat(t.path("leg").asText()).as("%s %s %s", sample, array, t.get("id")).isEqualTo(expected);
                }
            }
            assertThat(inferred.get("diagnoses").toString()).isEqualTo(declared.get("diagnoses").toString());
        }
    }

    private static List<String> pairs(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("correlations").forEach(c -> out.add(c.path("front").asText() + "->" + c.path("backend").asText()
                + " " + c.path("confidence").asText()));
        return out;
    }

    /** A capture without a proxy in it stays as it was: no legs, no correlation. */
    @Test
    void withoutAProxyThereAreNoLegs() throws Exception {
        DecoderConfig config = new DecoderConfig(List.of(), DecoderConfig.defaults().tcp(), DecoderConfig.defaults().http());
        for (String sample : List.of("direct-invalid-key.pcap", "curl-keepalive-chunked.pcap", "direct-connect.pcap")) {
            try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"))) {
                Analyzer analyzer = new Analyzer(config, collector);
                CaptureFiles.read(ROOT.resolve("samples").resolve(sample), analyzer);
                analyzer.finish();
                assertThat(collector.correlations()).as(sample).isEmpty();
                assertThat(collector.summary().correlation()).as(sample).isNull();
                assertThat(collector.legsJson().decided()).as(sample).isEqualTo("none");
                assertThat(collector.diagnoses()).as(sample).allSatisfy(d -> assertThat(d.leg()).isNull());
            }
        }
    }
}
