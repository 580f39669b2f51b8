package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samples/h2c-websocket.pcap}: WebSockets over HTTP/2 (RFC 8441) through a real proxy, both legs: Node's
 * http2 client → nghttpx (h2c) → hypercorn serving the lab's FastAPI app (h2c, extended CONNECT enabled), recorded by
 * {@code scripts/record.d/record-h2-websocket.sh}. What each WebSocket carried is the client's own log in
 * {@code samples/h2c-websocket.logs.txt} (the app's frames it received, the closes); tshark 4.0.17 shows the same
 * extended CONNECTs and statuses but does not decode WebSocket frames inside HTTP/2. Before RFC 8441 was read as a
 * WebSocket handshake, every one of these was DIAG_CONNECT_AT_ORIGIN, an error, although two of them worked.
 */
class H2WebSocketSampleTest {

    private static final String BACKEND = "127.0.0.1:12656";
    private static final String PROXY = "127.0.0.1:18443";

    @TempDir
    Path tmp;

    @Test
    void eachWebSocketOverHttp2IsJudgedAsAWebSocketOnEveryReading() throws Exception {
        Path pcap = RepoPaths.samples().resolve("h2c-websocket.pcap");
        ThreeWays.Reports r = ThreeWays.analyze(pcap, tmp, BACKEND, PROXY);
        // /nows has no WebSocket route: hypercorn answers the extended CONNECT with 403 (client log)
        ThreeWays.assertSameRootCause(r, "DIAG_WEBSOCKET_ROUTE_REJECTED", BACKEND, PROXY);
        // two WebSockets opened (client log: /ws/abc123 and /ws/expired got 200), counted as switches like 101s
        assertThat(r.backendOnly().at("/summary/upgrades/websocket").asLong()).isEqualTo(2);
        for (JsonNode report : r.all()) {
            long opened = 0;
            for (JsonNode t : report.get("transactions")) {
                opened += "websocket".equals(t.path("upgrade").asText()) ? 1 : 0;
            }
            assertThat(report.at("/summary/upgrades/websocket").asLong()).isEqualTo(opened).isPositive();
            assertThat(ids(report)).contains("DIAG_WEBSOCKET_CLOSED_WITH_ERROR", "DIAG_WEBSOCKET_OK")
                    .doesNotContain("DIAG_CONNECT_AT_ORIGIN");
            JsonNode ok = backend(report, "/ws/abc123");
            // client log: it sent "hello" and echoed the close; it got two log lines, "echo: hello" and close 1000
            assertThat(ok.at("/response/status").asInt()).isEqualTo(200);
            assertThat(ok.get("upgrade").asText()).isEqualTo("websocket");
            assertThat(ok.at("/websocket/c2s/frames").asLong()).isEqualTo(2);
            assertThat(ok.at("/websocket/s2c/frames").asLong()).isEqualTo(4);
            assertThat(ok.at("/websocket/s2c/messages").asLong()).isEqualTo(3);
            assertThat(ok.at("/websocket/s2c/close_code").asInt()).isEqualTo(1000);
            assertThat(ok.at("/websocket/c2s/close_code").asInt()).isEqualTo(1000);
            assertThat(ok.at("/websocket/closed_by").asText()).isEqualTo("server");
            assertThat(ok.at("/websocket/close_handshake_completed").asBoolean()).isTrue();
            // request sent (its HEADERS) to the 200's first byte: not from the stream's last DATA, which came after
            long sent = ok.at("/request/head_end/epoch_ns").asLong();
            long answered = ok.at("/response/first_byte/epoch_ns").asLong();
            assertThat(answered).isGreaterThan(sent);
            assertThat(ok.get("latency_ms").asDouble()).isEqualTo((answered - sent) / 1e6, within(0.001));
            JsonNode expired = backend(report, "/ws/expired");
            // client log: close 1008 "session expired" at once, echoed
            assertThat(expired.at("/websocket/s2c/frames").asLong()).isEqualTo(1);
            assertThat(expired.at("/websocket/s2c/close_code").asInt()).isEqualTo(1008);
            assertThat(expired.at("/websocket/s2c/close_reason").asText()).isEqualTo("session expired");
            JsonNode route = report.at("/diagnoses/0");
            assertThat(route.get("evidence").toString()).contains("> :authority: 127.0.0.1:18443")
                    .doesNotContain("no Host field");
            JsonNode refused = backend(report, "/nows");
            assertThat(refused.at("/response/status").asInt()).isEqualTo(403);
            assertThat(refused.path("websocket").isMissingNode() || refused.get("websocket").isNull()).isTrue();
        }
    }

    /**
     * {@code samples/h2c-upstream-websocket.pcap}: Caddy 2.6 with an h2c upstream transport in front of the same
     * hypercorn. The GET crosses over HTTP/2; the WebSocket cannot, as an HTTP/1.1 Upgrade has no place in HTTP/2
     * (RFC 9113 §8.2.2) and Caddy does not speak RFC 8441 upstream: its log says "http2: invalid Upgrade request
     * header" and the client gets 502 (logs.txt). With the front leg in the capture that is the proxy answering, and
     * the verdict says why. The backend leg alone holds only the GET, over HTTP/2: no WebSocket reached the backend,
     * and the likeliest cause is that the leg is HTTP/2.
     */
    @Test
    void aWebSocketAProxyCannotSendOverItsH2cUpstreamIsItsOwn502() throws Exception {
        Path pcap = RepoPaths.samples().resolve("h2c-upstream-websocket.pcap");
        ThreeWays.Reports r = ThreeWays.analyze(pcap, tmp, BACKEND, "127.0.0.1:18444");
        for (JsonNode report : List.of(r.declared(), r.inferred())) {
            assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_PROXY_ANSWERED");
            // the client's attempt is on the front leg, answered by the proxy: that is the story, not a missing upgrade
            assertThat(ids(report)).doesNotContain("DIAG_H2C_TO_HTTP1_BACKEND", "DIAG_NO_UPGRADE_SEEN");
            assertThat(report.at("/diagnoses/0/verdict").asText()).contains("GET /ws/abc123 got 502")
                    .contains("over HTTP/2, where an HTTP/1.1 upgrade cannot be sent");
        }
        assertThat(ids(r.backendOnly())).doesNotContain("DIAG_H2C_TO_HTTP1_BACKEND", "DIAG_PROXY_ANSWERED");
        JsonNode lead = r.backendOnly().at("/diagnoses/0");
        assertThat(lead.get("id").asText()).isEqualTo("DIAG_NO_UPGRADE_SEEN");
        assertThat(lead.get("verdict").asText()).contains("the proxy speaks HTTP/2 to this backend");
        assertThat(lead.at("/causes/0").asText()).startsWith("the proxy speaks HTTP/2 to the backend (h2c)");
    }

    /**
     * In HAR an extended CONNECT is a request for its URI, formed from :scheme, :authority and :path (RFC 8441 §5,
     * RFC 9113 §8.3.1), and a WebSocket as browsers export one; only a CONNECT in authority form names a host alone.
     */
    @Test
    void harShowsEachWebSocketAtItsUri() throws Exception {
        Path out = tmp.resolve("h2.har");
        CliRun r = CliRun.run("analyze", RepoPaths.samples().resolve("h2c-websocket.pcap").toString(), "--format", "har",
                "-o", out.toString(), "-q");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode har = CliRun.readJson(out);
        HarCheck.assertValid(har);
        List<String> websockets = new ArrayList<>();
        for (JsonNode e : har.at("/log/entries")) {
            if (e.path("_resourceType").asText().equals("websocket")) {
                websockets.add(e.at("/request/method").asText() + " " + e.at("/request/url").asText());
            }
        }
        // both legs carry the :authority the client sent (nghttpx forwards it unchanged)
        assertThat(websockets).containsExactlyInAnyOrder("CONNECT http://127.0.0.1:18443/ws/abc123",
                "CONNECT http://127.0.0.1:18443/ws/abc123", "CONNECT http://127.0.0.1:18443/ws/expired",
                "CONNECT http://127.0.0.1:18443/ws/expired");
    }

    private static List<String> ids(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("diagnoses").forEach(d -> out.add(d.get("id").asText()));
        return out;
    }

    /** The backend leg's transaction for {@code target}. */
    private static JsonNode backend(JsonNode report, String target) {
        for (JsonNode t : report.get("transactions")) {
            if (t.get("server").asText().equals(BACKEND) && t.at("/request/target").asText().equals(target)) {
                return t;
            }
        }
        throw new AssertionError("no backend transaction for " + target);
    }
}
