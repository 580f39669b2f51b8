package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lab end to end: for every scenario of {@code scripts/lab} the real stack runs on free loopback ports
 * (Caddy 2.6 with the dashboard's Caddyfile or a broken variant in front of uvicorn serving the dashboard
 * replica), real clients (curl, python websockets) drive it, hopsniff captures both legs live and is stopped by
 * SIGINT. The assertions are on hopsniff's report: what the proxy really sent the backend, what the backend
 * answered, and the diagnosis it names. Each scenario runs once (lazily) and is shared by its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabScenariosTest {

    /** Scenario -> the diagnosis id the report must carry (report.diagnoses[].id). */
    static final Map<String, String> EXPECTED_DIAGNOSIS = new TreeMap<>(Map.ofEntries(
            Map.entry("ok", "DIAG_WEBSOCKET_OK"),
            Map.entry("no-ws-library", "DIAG_BACKEND_NO_WEBSOCKET_SUPPORT"),
            // uvicorn 0.32 (Debian 13) hands the handshake to the app, whose router answers 404: the users' symptom
            Map.entry("no-ws-library-current", "DIAG_BACKEND_NO_WEBSOCKET_SUPPORT"),
            Map.entry("wrong-path", "DIAG_WEBSOCKET_ROUTE_REJECTED"), // uvicorn answers 403 (empty-body style)
            Map.entry("proxy-strips-upgrade", "DIAG_PROXY_STRIPPED_UPGRADE"),
            Map.entry("h2c-upstream", "DIAG_H2C_TO_HTTP1_BACKEND"),
            Map.entry("connect", "DIAG_CONNECT_AT_ORIGIN"),
            // one CONNECT Caddy forwards (the origin's verdict), one it answers itself (a front-leg finding)
            Map.entry("connect-at-proxy", "DIAG_CONNECT_AT_ORIGIN"),
            Map.entry("invalid-key", "DIAG_INVALID_HANDSHAKE"),
            Map.entry("backend-down", "DIAG_BACKEND_UNREACHABLE"),
            // headless Chromium closes the tab: close 1001 from the browser, answered by uvicorn
            Map.entry("browser-tab-close", "DIAG_WEBSOCKET_OK"),
            // a correct 101, then a masked frame from the backend: Chromium fails the connection
            Map.entry("backend-misframes", "DIAG_WEBSOCKET_PROTOCOL_ERROR"),
            Map.entry("binary-as-text", "DIAG_WEBSOCKET_PROTOCOL_ERROR"),
            // the same, compressed with the permessage-deflate Chromium and the backend agreed
            Map.entry("binary-as-compressed-text", "DIAG_WEBSOCKET_PROTOCOL_ERROR"),
            // a compressed frame that is not DEFLATE data: Chromium cannot inflate it
            Map.entry("deflate-invalid", "DIAG_WEBSOCKET_PROTOCOL_ERROR"),
            // the page asks for a subprotocol, FastAPI's accept() selects none: Chromium refuses the 101
            Map.entry("subprotocol-ignored", "DIAG_UPGRADE_ACCEPT_MISMATCH"),
            // the app accepts, then closes with 1008 "session expired"
            Map.entry("session-rejected", "DIAG_WEBSOCKET_CLOSED_WITH_ERROR"),
            // the client answers no ping: uvicorn's websockets gives up with 1011 "keepalive ping timeout"
            Map.entry("ping-timeout", "DIAG_WEBSOCKET_CLOSED_WITH_ERROR"),
            // an 8 KiB message against --ws-max-size 4096: uvicorn's websockets closes with 1009
            Map.entry("message-too-big", "DIAG_WEBSOCKET_CLOSED_WITH_ERROR"),
            // Latin-1 text, compressed: the backend inflates it, finds it is not UTF-8 and fails the connection
            Map.entry("text-not-utf8", "DIAG_WEBSOCKET_PROTOCOL_ERROR"),
            Map.entry("blocked-event-loop", "DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR"),
            Map.entry("proxy-stops", "DIAG_WEBSOCKET_PROTOCOL_ERROR"),
            // TrustedHostMiddleware and a WebSocket route that rewrites Host: plain requests work, the WebSocket 500s
            Map.entry("host-rewritten", "DIAG_WEBSOCKET_HOST_REJECTED"),
            // handle_path /ws/* strips the prefix: the WebSocket reaches the app as /lab-prefix, no route, empty 403
            Map.entry("ws-prefix-stripped", "DIAG_WEBSOCKET_ROUTE_REJECTED"),
            // WebSockets over HTTP/2 through nghttpx to hypercorn: two work, /nows has no route and gets 403
            Map.entry("h2-websocket", "DIAG_WEBSOCKET_ROUTE_REJECTED"),
            // nginx's defaults: HTTP/1.0 upstream, Upgrade and Connection not passed on, nothing marks the copy
            Map.entry("nginx-defaults", "DIAG_PROXY_STRIPPED_UPGRADE"),
            // the same, nginx listening on 127.0.0.2 and dialling the backend from 127.0.0.1
            Map.entry("nginx-localhost", "DIAG_PROXY_STRIPPED_UPGRADE"),
            // the guide's Connection "upgrade" without its map: the WebSocket works, plain requests get 400
            Map.entry("nginx-websocket", "DIAG_PLAIN_REQUESTS_AS_UPGRADE"),
            // Upgrade passed on, Connection left at nginx's default (close)
            Map.entry("nginx-no-connection", "DIAG_PROXY_STRIPPED_UPGRADE"),
            // HAProxy in HTTP mode passes upgrades on as they are
            Map.entry("haproxy-websocket", "DIAG_WEBSOCKET_OK"),
            // Apache httpd's ProxyPass passes upgrades on only with upgrade=websocket
            Map.entry("apache-no-upgrade", "DIAG_PROXY_STRIPPED_UPGRADE"),
            Map.entry("apache-websocket", "DIAG_WEBSOCKET_OK"),
            // nginx's proxy_read_timeout (2 s here) ends an idle WebSocket with no close frame
            Map.entry("nginx-read-timeout", "DIAG_WEBSOCKET_ABNORMAL_CLOSE"),
            // HAProxy's timeout tunnel (2 s here) ends an idle WebSocket with a reset and no close frame
            Map.entry("haproxy-tunnel-timeout", "DIAG_WEBSOCKET_ABNORMAL_CLOSE"),
            // HAProxy in front of a port where nothing listens: refused attempts, its own 503 page to the client
            Map.entry("haproxy-backend-down", "DIAG_BACKEND_UNREACHABLE"),
            Map.entry("nginx-backend-down", "DIAG_BACKEND_UNREACHABLE"),
            Map.entry("apache-backend-down", "DIAG_BACKEND_UNREACHABLE")));

    /** Scenarios run live only, with no recording in samples/ (scripts/lab.d/scenarios.sh RUN_ONLY_WHY says why). */
    static final Set<String> RUN_ONLY = Set.of("backend-misframes", "binary-as-text", "binary-as-compressed-text",
            "deflate-invalid", "h2-websocket", "nginx-defaults", "nginx-websocket", "nginx-no-connection",
            "haproxy-websocket", "apache-no-upgrade", "apache-websocket", "nginx-read-timeout", "nginx-localhost",
            "haproxy-tunnel-timeout", "haproxy-backend-down", "nginx-backend-down", "apache-backend-down");

    private static final String WEBSOCKETS_SERVER = "Python/3.11 websockets/10.4";

    @TempDir
    Path tmp;

    private final Map<String, LabRun> runs = new HashMap<>();

    @BeforeAll
    void needsRootAndTheStack() {
        assumeTrue(LoopbackServices.isRoot(), "live capture needs root (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/caddy")), "caddy (scripts/install-deps --test)");
    }

    private LabRun lab(String scenario) throws Exception {
        LabRun r = runs.get(scenario);
        if (r == null) {
            Path dir = Files.createTempDirectory("lab-" + scenario + "-");
            r = LabRun.run(scenario, dir);
            runs.put(scenario, r);
        }
        return r;
    }

    static Stream<String> scenarios() {
        return EXPECTED_DIAGNOSIS.keySet().stream();
    }

    /** The handshake headers as the client sent them on the front leg (names as the client wrote them). */
    private static List<String> handshake(JsonNode t) {
        return LabRun.fields(t.at("/request/headers"), "Host", "Upgrade", "Connection", "Sec-WebSocket-Key",
                "Sec-WebSocket-Version");
    }

    private static String body(JsonNode t) {
        return t.at("/response/body_prefix/data").asText();
    }

    private static void assertNoErrorAnomalies(LabRun r) {
        for (JsonNode a : r.report().get("anomalies")) {
            assertThat(a.get("severity").asText()).as("%s: %s", r.scenario(), a).isNotEqualTo("error");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyScenarioFinishesWellUnderAMinute(String scenario) throws Exception {
        LabRun r = lab(scenario);
        assertThat(r.lab().get("seconds").asInt()).as(r.output()).isLessThan(60);
        assertThat(r.report().at("/capture/live/dropped_by_hopsniff").asLong()).isZero();
    }

    @Test
    void ok() throws Exception {
        LabRun r = lab("ok");
        String caddyHost = r.caddy();
        assertThat(r.lines(r.caddy())).containsExactly("GET / 200", "GET /api/status 200", "GET /stream 200",
                "GET /ws/lab-ok 101");
        assertThat(r.lines(r.backend())).containsExactly("GET / 200", "GET /api/status 200", "GET /stream 200",
                "GET /ws/lab-ok 101");

        // plain requests: second reverse_proxy, header_up Host {host} drops the port, X-Real-IP has one
        JsonNode status = r.request(r.backend(), "/api/status");
        JsonNode h = status.at("/request/headers");
        assertThat(LabRun.value(h, "Host")).isEqualTo("127.0.0.1");
        assertThat(LabRun.fields(h, "X-Real-IP").get(0)).matches("X-Real-Ip: 127\\.0\\.0\\.1:\\d+");
        assertThat(LabRun.fields(h, "X-Forwarded-Host")).containsExactly("X-Forwarded-Host: " + caddyHost);
        assertThat(LabRun.fields(h, "X-Forwarded-Proto")).containsExactly("X-Forwarded-Proto: http");
        assertThat(r.request(r.backend(), "/stream").at("/response/framing").asText()).isEqualTo("chunked");

        // the WebSocket: matched by @websockets, forwarded with the client's key on its own upstream connection
        JsonNode front = r.request(r.caddy(), "/ws/lab-ok");
        JsonNode back = r.request(r.backend(), "/ws/lab-ok");
        String key = LabRun.value(front.at("/request/headers"), "Sec-WebSocket-Key");
        assertThat(handshake(front)).containsExactly("Host: " + caddyHost, "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13");
        assertThat(handshake(back)).containsExactlyInAnyOrder("Host: " + caddyHost, "Upgrade: websocket",
                "Connection: Upgrade", "Sec-Websocket-Key: " + key, "Sec-Websocket-Version: 13");
        assertThat(LabRun.fields(back.at("/request/headers"), "X-Real-IP")).isEmpty();
        assertThat(LabRun.value(back.at("/response/headers"), "Server")).isEqualTo(WEBSOCKETS_SERVER);
        assertThat(back.get("upgrade").asText()).isEqualTo("websocket");
        assertThat(r.connectionsOn(r.backend()).stream().map(c -> c.get("protocol").asText()))
                .containsExactlyInAnyOrder("http/1.1", "websocket");
        assertNoErrorAnomalies(r);
        assertThat(r.report().get("anomalies")).allSatisfy(a -> assertThat(a.get("severity").asText()).isEqualTo("info"));
    }

    @Test
    void nginxDefaults() throws Exception {
        // nginx 1.22 with nothing but proxy_pass (nginx.org/en/docs/http/ngx_http_proxy_module.html): it speaks
        // HTTP/1.0 upstream (proxy_http_version), sends Host: $proxy_host and Connection: close
        // (proxy_set_header's defaults), passes no hop-by-hop Upgrade, adds no X-Forwarded-* field, and puts its own
        // Server field in place of the backend's; uvicorn logs "GET /ws/lab-nginx HTTP/1.0" 404
        LabRun r = lab("nginx-defaults");
        assertThat(r.lines(r.caddy())).containsExactly("GET /api/status 200", "GET /ws/lab-nginx 404");
        assertThat(r.lines(r.backend())).containsExactly("GET /api/status 200", "GET /ws/lab-nginx 404");
        JsonNode front = r.request(r.caddy(), "/ws/lab-nginx");
        JsonNode back = r.request(r.backend(), "/ws/lab-nginx");
        String key = LabRun.value(front.at("/request/headers"), "Sec-WebSocket-Key");
        assertThat(front.at("/request/version").asText()).isEqualTo("HTTP/1.1");
        assertThat(handshake(front)).contains("Upgrade: websocket", "Connection: Upgrade");
        assertThat(back.at("/request/version").asText()).isEqualTo("HTTP/1.0");
        assertThat(handshake(back)).containsExactlyInAnyOrder("Host: " + r.backend(), "Connection: close",
                "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13");
        assertThat(body(back)).isEqualTo("{\"detail\":\"Not Found\"}");
        assertThat(LabRun.value(front.at("/response/headers"), "Server")).startsWith("nginx/");
        for (JsonNode t : r.on(r.backend())) {
            assertThat(t.at("/request/headers").toString()).doesNotContainIgnoringCase("forwarded");
        }
        ThreeWays.Reports three = threeWays(r, "nginx");
        for (JsonNode report : three.all()) {
            JsonNode d = diagnosis(report, "DIAG_PROXY_STRIPPED_UPGRADE");
            assertThat(d.get("verdict").asText()).contains("on an HTTP/1.0 request line");
            assertThat(d.get("causes").get(0).asText()).startsWith("the proxy speaks HTTP/1.0 upstream");
            // the client's valid handshake, answered 404 by nginx, is not the backend refusing WebSockets
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT");
        }
        // with nothing to mark the forwarded copy, the legs come from the relay itself
        assertThat(three.inferred().at("/legs/decided").asText()).isEqualTo("inferred");
        assertThat(three.inferred().at("/legs/evidence").toString()).contains("carries no forwarding field");
        // the client's leg alone: nginx's name on FastAPI's JSON 404 shows a relay, so no backend verdict is given
        assertBackendLegMissing(clientLegOnly(r, "nginx-front-only.json"));
    }

    @Test
    void nginxLocalhost() throws Exception {
        // nginx on the backend's host, listening on another address than the one it dials from (127.0.0.2 as the
        // host's LAN address, proxy_pass http://127.0.0.1:B): its copies come from 127.0.0.1 (uvicorn's log:
        // "127.0.0.1:… - "GET /ws/lab-nginx-local HTTP/1.0" 404"), not from where the client reached it
        LabRun r = lab("nginx-localhost");
        assertThat(r.caddy()).startsWith("127.0.0.2:");
        assertThat(r.lines(r.backend())).containsExactly("GET /api/status 200", "GET /ws/lab-nginx-local 404");
        for (JsonNode t : r.on(r.backend())) {
            assertThat(t.at("/client").asText()).startsWith("127.0.0.1:");
        }
        ThreeWays.Reports three = threeWays(r, "nginx-localhost");
        ThreeWays.assertSameRootCause(three, "DIAG_PROXY_STRIPPED_UPGRADE", r.backend(), r.caddy());
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT",
                    "DIAG_BACKEND_LEG_MISSING");
        }
        assertThat(three.inferred().at("/legs/evidence").toString())
                .contains("came from 127.0.0.1 (within the captured host)");
    }

    /** The run's capture analysed with the proxy's address alone, as a capture of the client's leg only. */
    private JsonNode clientLegOnly(LabRun r, String name) throws Exception {
        Path out = tmp.resolve(name);
        CliRun run = CliRun.run("analyze", r.dir().resolve("capture.pcap").toString(), "--server", r.caddy(),
                "-o", out.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return CliRun.readJson(out);
    }

    /**
     * A relay seen with no backend leg: no backend verdict from the proxy's answer, and nothing said of whether
     * the proxy forwarded what it relayed (the handshake's story says relayed, not "answered by the proxy").
     */
    private static void assertBackendLegMissing(JsonNode report) {
        assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_BACKEND_LEG_MISSING");
        assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT");
        assertThat(report.at("/summary/anomalies").has("PROXY_NOT_FORWARDED")).isFalse();
        assertThat(report.at("/summary/correlation/front_only").isNull()).isTrue();
        JsonNode story = diagnosis(report, "DIAG_BACKEND_LEG_MISSING").at("/stories/0");
        assertThat(story.get("answered_by").asText()).isEqualTo("backend");
        assertThat(story.get("client_got").asText()).startsWith("404 (relayed from the backend: ");
    }

    @Test
    void nginxWebSocket() throws Exception {
        // nginx's WebSocket guide without its map: Connection "upgrade" goes with every request, and uvicorn 0.17.6
        // with h11 (Debian 12 has no httptools) takes a plain GET carrying it for an upgrade it cannot serve (its log:
        // "WARNING:  Unsupported upgrade request." and "GET /api/status HTTP/1.1" 400); the WebSocket works
        LabRun r = lab("nginx-websocket");
        assertThat(r.lines(r.caddy())).containsExactly("GET /api/status 400", "GET /ws/lab-nginx-ok 101");
        assertThat(r.lines(r.backend())).containsExactly("GET /api/status 400", "GET /ws/lab-nginx-ok 101");
        JsonNode plain = r.request(r.backend(), "/api/status");
        assertThat(LabRun.value(plain.at("/request/headers"), "Connection")).isEqualTo("upgrade");
        assertThat(LabRun.fields(plain.at("/request/headers"), "Upgrade")).isEmpty();
        assertThat(LabRun.fields(r.request(r.caddy(), "/api/status").at("/request/headers"), "Connection")).isEmpty();
        assertThat(body(plain)).isEqualTo("Unsupported upgrade request.");
        ThreeWays.Reports three = threeWays(r, "nginx-websocket");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).contains("DIAG_WEBSOCKET_OK");
            JsonNode d = diagnosis(report, "DIAG_PLAIN_REQUESTS_AS_UPGRADE");
            assertThat(d.get("verdict").asText()).startsWith("GET /api/status reached the backend with Connection:"
                    + " upgrade but no Upgrade field and got 400 'Unsupported upgrade request.'");
            assertThat(d.get("causes").get(0).asText()).startsWith("the proxy sets Connection: upgrade on every request");
        }
        for (JsonNode report : List.of(three.declared(), three.inferred())) {
            assertThat(diagnosis(report, "DIAG_PLAIN_REQUESTS_AS_UPGRADE").get("verdict").asText())
                    .endsWith("had no Connection: upgrade: the proxy added it.");
        }
        // the client's leg alone: curl's request has no mark, and nginx relays uvicorn's refusal (as tshark shows)
        assertThat(LabRun.fields(r.request(r.caddy(), "/api/status").at("/request/headers"), "Connection", "Upgrade"))
                .isEmpty();
        assertThat(body(r.request(r.caddy(), "/api/status"))).isEqualTo("Unsupported upgrade request.");
        JsonNode clientLeg = clientLegOnly(r, "nginx-websocket-front-only.json");
        assertThat(ThreeWays.lead(clientLeg)).isEqualTo("DIAG_PLAIN_REQUESTS_AS_UPGRADE");
        assertThat(diagnosis(clientLeg, "DIAG_PLAIN_REQUESTS_AS_UPGRADE").get("verdict").asText())
                .contains("carried neither Upgrade nor Connection: upgrade where it was captured");
    }

    @Test
    void haproxyWebSocket() throws Exception {
        // HAProxy 2.6 in HTTP mode relays the handshake with its Upgrade and Connection fields and the client's key,
        // adds no X-Forwarded-For without option forwardfor, and splices the two connections after the 101
        LabRun r = lab("haproxy-websocket");
        assertThat(r.lines(r.caddy())).containsExactly("GET /api/status 200", "GET /ws/lab-haproxy 101");
        assertThat(r.lines(r.backend())).containsExactly("GET /api/status 200", "GET /ws/lab-haproxy 101");
        JsonNode front = r.request(r.caddy(), "/ws/lab-haproxy");
        JsonNode back = r.request(r.backend(), "/ws/lab-haproxy");
        String key = LabRun.value(front.at("/request/headers"), "Sec-WebSocket-Key");
        assertThat(LabRun.value(back.at("/request/headers"), "Sec-WebSocket-Key")).isEqualTo(key);
        assertThat(LabRun.value(back.at("/request/headers"), "Upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(back.at("/request/headers").toString()).doesNotContainIgnoringCase("forwarded");
        ThreeWays.Reports three = threeWays(r, "haproxy");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_WEBSOCKET_OK");
            assertThat(report.get("diagnoses")).noneMatch(d -> d.get("severity").asText().matches("error|warning"));
        }
        assertThat(three.inferred().at("/legs/evidence").toString()).contains("carries no forwarding field");
    }

    @Test
    void apacheNoUpgrade() throws Exception {
        // mod_proxy_http without upgrade=websocket: the hop-by-hop Upgrade and Connection stay behind (its own
        // Connection: Keep-Alive goes instead), the Sec-WebSocket-* fields and its X-Forwarded-For/-Host/-Server go on
        LabRun r = lab("apache-no-upgrade");
        JsonNode back = r.request(r.backend(), "/ws/lab-apache");
        assertThat(LabRun.fields(back.at("/request/headers"), "Upgrade")).isEmpty();
        assertThat(LabRun.value(back.at("/request/headers"), "Connection")).isEqualTo("Keep-Alive");
        assertThat(LabRun.value(back.at("/request/headers"), "X-Forwarded-Server")).isEqualTo("lab.invalid");
        assertThat(body(back)).isEqualTo("{\"detail\":\"Not Found\"}");
        for (JsonNode report : threeWays(r, "apache-no-upgrade").all()) {
            JsonNode d = diagnosis(report, "DIAG_PROXY_STRIPPED_UPGRADE");
            assertThat(d.get("verdict").asText()).contains("neither Upgrade: websocket nor Connection: Upgrade");
            assertThat(d.get("fix").asText()).contains("upgrade=websocket");
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT");
        }
        // Apache passes uvicorn's Server field on, but writes it under its own spelling (uvicorn's is "server")
        assertThat(LabRun.fields(back.at("/response/headers"), "server")).containsExactly("server: uvicorn");
        assertThat(LabRun.fields(r.request(r.caddy(), "/ws/lab-apache").at("/response/headers"), "Server"))
                .containsExactly("Server: uvicorn");
        // so the client's leg alone shows the relay, and gets no backend verdict
        JsonNode frontOnly = clientLegOnly(r, "apache-front-only.json");
        assertBackendLegMissing(frontOnly);
        assertThat(frontOnly.at("/legs/evidence").toString()).contains("Server: uvicorn spelled 'Server'");
        // the same Apache with upgrade=websocket passes the handshake on, and the WebSocket works
        LabRun ok = lab("apache-websocket");
        assertThat(LabRun.value(ok.request(ok.backend(), "/ws/lab-apache-ok").at("/request/headers"), "Upgrade"))
                .isEqualTo("websocket");
        assertThat(ok.lines(ok.backend())).containsExactly("GET /api/status 200", "GET /ws/lab-apache-ok 101");
    }

    @Test
    void nginxReadTimeout() throws Exception {
        // proxy_read_timeout (ngx_http_proxy_module: "the connection is closed" when the upstream sends nothing for
        // that long; 60 s by default, 2 s here): nginx closes both connections with no close frame, and the client's
        // websockets library reports 1006 (abnormal closure, RFC 6455 §7.1.5)
        LabRun r = lab("nginx-read-timeout");
        assertThat(r.firstClientOutput()).contains("\"close_code\": 1006");
        for (JsonNode report : threeWays(r, "nginx-read-timeout").all()) {
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_ABNORMAL_CLOSE");
            assertThat(d.get("verdict").asText()).contains("was ended by the proxy with a TCP FIN and no close frame")
                    .containsPattern("after 2\\.\\d s without frames");
            assertThat(d.get("causes").get(0).asText()).startsWith("the proxy closed an idle stream");
        }
    }

    @Test
    void haproxyTunnelTimeout() throws Exception {
        // HAProxy's timeout tunnel ("the maximum inactivity time on the client and server side for tunnels", its
        // configuration manual; 2 s here) resets both connections with no close frame: the client reports 1006
        LabRun r = lab("haproxy-tunnel-timeout");
        assertThat(r.firstClientOutput()).contains("\"close_code\": 1006");
        for (JsonNode report : threeWays(r, "haproxy-tunnel-timeout").all()) {
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_ABNORMAL_CLOSE");
            // 2 s configured; HAProxy's timer fires later on a loaded machine, never sooner
            assertThat(d.get("verdict").asText()).containsPattern("was ended by the proxy with a TCP (RST|FIN)")
                    .containsPattern("after [23]\\.\\d s without frames");
            assertThat(d.get("causes").get(0).asText()).startsWith("the proxy closed an idle stream")
                    .contains("HAProxy timeout tunnel");
        }
    }

    @Test
    void haproxyBackendDown() throws Exception {
        // HAProxy 2.6's answer when no backend server can be reached: its built-in 503 page, three fields and no
        // Server (as curl -D shows it); its connection attempts to the backend port are refused
        LabRun r = lab("haproxy-backend-down");
        JsonNode front = r.request(r.caddy(), "/ws/lab-haproxy-down");
        assertThat(front.at("/response/status").asInt()).isEqualTo(503);
        assertThat(LabRun.fields(front.at("/response/headers"), "content-length", "cache-control", "content-type",
                "server", "date")).containsExactly("content-length: 107", "cache-control: no-cache",
                "content-type: text/html");
        JsonNode report = threeWays(r, "haproxy-backend-down").declared();
        assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_BACKEND_UNREACHABLE");
        // the client's leg alone: HAProxy's page shows the proxy answered, so no verdict on a backend's refusal
        JsonNode clientLeg = clientLegOnly(r, "haproxy-backend-down-front-only.json");
        assertThat(ThreeWays.ids(clientLeg)).containsExactly("DIAG_BACKEND_LEG_MISSING");
        assertThat(clientLeg.at("/diagnoses/0/causes/0").asText()).startsWith("the proxy answered with its own 502");
        assertThat(clientLeg.at("/legs/evidence").toString()).contains("as HAProxy's own error page");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"nginx-backend-down, 502, nginx/", "apache-backend-down, 503, Apache/"})
    void theClientsLegAloneOfAProxyWhoseBackendIsDown(String scenario, int status, String server) throws Exception {
        // nginx answers a refused upstream connection with 502, Apache httpd's mod_proxy with 503, each under its
        // own name (curl -D, tshark): the proxy's own gateway error, not an application refusing the WebSocket
        LabRun r = lab(scenario);
        String path = "/ws/lab-" + scenario.substring(0, scenario.indexOf('-')) + "-down";
        JsonNode front = r.request(r.caddy(), path);
        assertThat(front.at("/response/status").asInt()).isEqualTo(status);
        assertThat(LabRun.value(front.at("/response/headers"), "Server")).startsWith(server);
        assertThat(ThreeWays.lead(threeWays(r, scenario).declared())).isEqualTo("DIAG_BACKEND_UNREACHABLE");
        JsonNode clientLeg = clientLegOnly(r, scenario + "-front-only.json");
        assertThat(ThreeWays.ids(clientLeg)).containsExactly("DIAG_BACKEND_LEG_MISSING");
        assertThat(clientLeg.at("/diagnoses/0/causes/0").asText()).startsWith("the proxy answered with its own 502");
    }

    @Test
    void nginxNoConnection() throws Exception {
        // half the guide: Upgrade: websocket passed on, Connection left at nginx's default "close"; uvicorn serves the
        // GET as plain HTTP and FastAPI answers 404
        LabRun r = lab("nginx-no-connection");
        JsonNode back = r.request(r.backend(), "/ws/lab-nginx-half");
        assertThat(back.at("/request/version").asText()).isEqualTo("HTTP/1.1");
        assertThat(LabRun.value(back.at("/request/headers"), "Upgrade")).isEqualTo("websocket");
        assertThat(LabRun.value(back.at("/request/headers"), "Connection")).isEqualTo("close");
        assertThat(body(back)).isEqualTo("{\"detail\":\"Not Found\"}");
        for (JsonNode report : threeWays(r, "nginx-no-connection").all()) {
            assertThat(diagnosis(report, "DIAG_PROXY_STRIPPED_UPGRADE").get("verdict").asText())
                    .contains("no upgrade token in Connection");
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT");
        }
    }

    @Test
    void noWsLibrary() throws Exception {
        LabRun r = lab("no-ws-library");
        JsonNode front = r.request(r.caddy(), "/ws/lab-nows");
        // the handshake reached uvicorn intact ...
        JsonNode back = intactHandshakeRefused(r, "/ws/lab-nows", 400);
        // ... and uvicorn 0.17.6 --ws none refused it itself: chunked text, no Server header, connection: close
        assertThat(body(back)).isEqualTo("Unsupported upgrade request.");
        assertThat(back.at("/response/framing").asText()).isEqualTo("chunked");
        assertThat(LabRun.fields(back.at("/response/headers"), "Server")).isEmpty();
        assertThat(LabRun.value(back.at("/response/headers"), "Connection")).isEqualTo("close");
        // A race seen on the wire: the websockets client closes as soon as it has the 400 head; when that FIN
        // reaches Caddy before uvicorn's separately written body chunk, Caddy ends the client's chunked body empty
        // ("0\r\n\r\n") and RSTs the upstream connection when the chunk arrives.
        assertThat(body(front)).isIn("Unsupported upgrade request.", "");
    }

    @Test
    void wrongPath() throws Exception {
        LabRun r = lab("wrong-path");
        assertThat(r.lines(r.caddy())).containsExactly("GET /wrong/path 403", "GET /ws 403");
        assertThat(r.lines(r.backend())).containsExactly("GET /wrong/path 403", "GET /ws 403");
        for (String target : List.of("/wrong/path", "/ws")) {
            JsonNode front = r.request(r.caddy(), target);
            JsonNode back = r.request(r.backend(), target);
            String key = LabRun.value(front.at("/request/headers"), "Sec-WebSocket-Key");
            assertThat(handshake(back)).containsExactlyInAnyOrder("Host: " + r.caddy(), "Upgrade: websocket",
                    "Connection: Upgrade", "Sec-Websocket-Key: " + key, "Sec-Websocket-Version: 13");
            // the websockets library answers for the router's WebSocketClose() before accept()
            assertThat(LabRun.value(back.at("/response/headers"), "Server")).isEqualTo(WEBSOCKETS_SERVER);
            assertThat(LabRun.value(back.at("/response/headers"), "Connection")).isEqualTo("close");
        }
    }

    @Test
    void proxyStripsUpgrade() throws Exception {
        LabRun r = lab("proxy-strips-upgrade");
        assertThat(r.lines(r.caddy())).containsExactly("GET /ws/lab-strip 404");
        assertThat(r.lines(r.backend())).containsExactly("GET /ws/lab-strip 404");
        JsonNode front = r.request(r.caddy(), "/ws/lab-strip");
        JsonNode back = r.request(r.backend(), "/ws/lab-strip");
        String key = LabRun.value(front.at("/request/headers"), "Sec-WebSocket-Key");
        assertThat(handshake(front)).contains("Upgrade: websocket", "Connection: Upgrade");
        // header_up -Upgrade / -Connection: only the Sec-WebSocket-* fields arrive, FastAPI sees a plain GET
        assertThat(handshake(back)).containsExactlyInAnyOrder("Host: " + r.caddy(), "Sec-Websocket-Key: " + key,
                "Sec-Websocket-Version: 13");
        assertThat(LabRun.value(back.at("/response/headers"), "Content-Type")).isEqualTo("application/json");
        assertThat(body(back)).isEqualTo("{\"detail\":\"Not Found\"}");
    }

    @Test
    void h2cUpstream() throws Exception {
        LabRun r = lab("h2c-upstream");
        assertThat(r.lines(r.caddy())).containsExactly("GET /api/status 502", "GET /ws/lab-h2c 502");
        // Each proxied request dials a new upstream connection that starts with the HTTP/2 preface; h11 parses
        // "PRI * HTTP/2.0" as a request (FastAPI 404 JSON), then rejects "SM" with a 400 that answers no request.
        // The plain GET's HTTP/2 HEADERS frame (tshark -d tcp.port==B,http2 shows it) is decoded as a stream
        // the backend never answered in HTTP/2; the WebSocket's connection carried only the preface.
        assertThat(r.lines(r.backend())).containsExactly("- 400", "- 400", "GET /api/status -", "PRI * 404",
                "PRI * 404");
        for (JsonNode t : r.on(r.backend())) {
            if (t.get("protocol").asText().equals("http2")) {
                assertThat(t.at("/request/version").asText()).isEqualTo("HTTP/2");
                assertThat(t.has("response")).isFalse();
            } else if (t.has("request")) {
                assertThat(t.at("/request/version").asText()).isEqualTo("HTTP/2.0");
                assertThat(t.at("/response/version").asText()).isEqualTo("HTTP/1.1");
                assertThat(body(t)).isEqualTo("{\"detail\":\"Not Found\"}");
            } else {
                assertThat(body(t)).isEqualTo("Invalid HTTP request received.");
            }
        }
        assertThat(r.connectionsOn(r.backend())).hasSize(2)
                .allSatisfy(c -> assertThat(c.get("protocol").asText()).isEqualTo("http2-refused"));
    }

    @Test
    void connect() throws Exception {
        LabRun r = lab("connect");
        assertThat(r.lines(r.caddy())).containsExactly("CONNECT example.invalid:80 404");
        // Caddy forwards the CONNECT; header_up Host {host} drops the port and Go writes the Host as the target
        assertThat(r.lines(r.backend())).containsExactly("CONNECT 127.0.0.1:443 404", "CONNECT example.invalid 404",
                "CONNECT example.invalid:80 404");
        JsonNode viaCaddy = r.request(r.backend(), "example.invalid");
        JsonNode h = viaCaddy.at("/request/headers");
        assertThat(LabRun.value(h, "Host")).isEqualTo("example.invalid");
        assertThat(LabRun.value(h, "X-Forwarded-Host")).isEqualTo("example.invalid:80");
        assertThat(LabRun.value(h, "X-Forwarded-For")).isEqualTo("127.0.0.1");
        JsonNode direct = r.request(r.backend(), "example.invalid:80");
        assertThat(LabRun.value(direct.at("/request/headers"), "Host")).isEqualTo("example.invalid:80");
        assertThat(LabRun.fields(direct.at("/request/headers"), "X-Forwarded-For")).isEmpty();
        for (JsonNode t : r.on(r.backend())) {
            assertThat(body(t)).isEqualTo("{\"detail\":\"Not Found\"}");
        }
        assertThat(r.report().at("/summary/connect_tunnels").asInt()).isZero();
    }

    @Test
    void invalidKey() throws Exception {
        LabRun r = lab("invalid-key");
        assertThat(r.lines(r.caddy())).containsExactly("GET /ws/abc 400");
        assertThat(r.lines(r.backend())).containsExactly("GET /ws/abc 400");
        JsonNode front = r.request(r.caddy(), "/ws/abc");
        JsonNode back = r.request(r.backend(), "/ws/abc");
        assertThat(handshake(front)).containsExactly("Host: " + r.caddy(), "Connection: Upgrade",
                "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: test");
        assertThat(handshake(back)).containsExactlyInAnyOrder("Host: " + r.caddy(), "Connection: Upgrade",
                "Upgrade: websocket", "Sec-Websocket-Version: 13", "Sec-Websocket-Key: test");
        assertThat(body(back)).isEqualTo("Failed to open a WebSocket connection: invalid Sec-WebSocket-Key header: test.\n");
        assertThat(LabRun.value(back.at("/response/headers"), "Server")).isEqualTo(WEBSOCKETS_SERVER);
    }

    @Test
    void backendDown() throws Exception {
        LabRun r = lab("backend-down");
        assertThat(r.lines(r.caddy())).containsExactly("GET /api/status 502", "GET /ws/lab-down 502");
        assertThat(r.on(r.backend())).isEmpty();
        // one dial per request, each SYN answered by RST
        assertThat(r.connectionsOn(r.backend())).hasSize(2).allSatisfy(c -> {
            assertThat(c.get("history").asText()).isEqualTo("Sr");
            assertThat(c.get("end").asText()).isEqualTo("rst");
        });
    }

    /**
     * Both legs carried a GET /api/status (200) and the handshake for {@code path}, refused with {@code status};
     * the backend got the client's handshake intact (Go's canonical names for the Sec-WebSocket-* fields). Returns
     * the backend exchange.
     */
    private static JsonNode intactHandshakeRefused(LabRun r, String path, int status) {
        assertThat(r.lines(r.caddy())).containsExactly("GET /api/status 200", "GET " + path + " " + status);
        assertThat(r.lines(r.backend())).containsExactly("GET /api/status 200", "GET " + path + " " + status);
        JsonNode back = r.request(r.backend(), path);
        String key = LabRun.value(r.request(r.caddy(), path).at("/request/headers"), "Sec-WebSocket-Key");
        assertThat(handshake(back)).containsExactlyInAnyOrder("Host: " + r.caddy(), "Upgrade: websocket",
                "Connection: Upgrade", "Sec-Websocket-Key: " + key, "Sec-Websocket-Version: 13");
        return back;
    }

    @Test
    void noWsLibraryCurrentUvicornAnswers404() throws Exception {
        LabRun r = lab("no-ws-library-current");
        // the handshake reached uvicorn 0.32 intact, and the app's router answered it as a plain GET
        JsonNode back = intactHandshakeRefused(r, "/ws/lab-nows-current", 404);
        assertThat(body(back)).isEqualTo("{\"detail\":\"Not Found\"}");
        assertThat(LabRun.value(back.at("/response/headers"), "server")).isEqualTo("uvicorn");
    }

    @Test
    void connectAtProxy() throws Exception {
        LabRun r = lab("connect-at-proxy");
        // Caddy's site is http://127.0.0.1:PORT: example.invalid matches no site, Caddy answers 200 itself (and
        // the GET curl then sends into its "tunnel"); CONNECT 127.0.0.1:443 matches and is forwarded, port dropped.
        assertThat(r.lines(r.caddy())).containsExactly("CONNECT 127.0.0.1:443 404", "CONNECT example.invalid:80 200",
                "GET / 200", "GET /api/status 200");
        assertThat(r.lines(r.backend())).containsExactly("CONNECT 127.0.0.1 404", "GET /api/status 200");
        ThreeWays.Reports three = threeWays(r, "connect-at-proxy");
        for (JsonNode report : List.of(three.declared(), three.inferred())) {
            JsonNode atProxy = diagnosis(report, "DIAG_CONNECT_AT_PROXY");
            assertThat(atProxy.get("leg").asText()).isEqualTo("front");
            assertThat(atProxy.get("severity").asText()).isEqualTo("warning");
            assertThat(atProxy.get("fix").asText()).contains("@connect method CONNECT");
            long cited = atProxy.get("transactions").get(0).asLong();
            assertThat(transaction(report, cited).at("/request/target").asText()).isEqualTo("example.invalid:80");
            JsonNode atOrigin = diagnosis(report, "DIAG_CONNECT_AT_ORIGIN");
            assertThat(atOrigin.get("leg").asText()).isEqualTo("backend");
            assertThat(atOrigin.get("verdict").asText()).contains("CONNECT 127.0.0.1").doesNotContain("example.invalid");
            assertThat(atOrigin.get("stories").get(0).get("client_sent").asText()).isEqualTo("CONNECT 127.0.0.1:443");
        }
        assertThat(ThreeWays.ids(three.backendOnly())).doesNotContain("DIAG_CONNECT_AT_PROXY");
    }

    @Test
    void browserTabClose() throws Exception {
        LabRun r = lab("browser-tab-close");
        assertThat(r.lines(r.backend())).contains("GET / 200", "GET /ws/abc123 101");
        JsonNode back = r.request(r.backend(), "/ws/abc123");
        // the browser's close 1001 went through Caddy to uvicorn, which answered with its own close frame
        assertThat(back.at("/websocket/c2s/close_code").asInt()).isEqualTo(1001);
        assertThat(back.at("/websocket/closed_by").asText()).isEqualTo("client");
        assertThat(back.at("/websocket/close_handshake_completed").asBoolean()).isTrue();
        ThreeWays.Reports three = threeWays(r, "browser");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).contains("DIAG_WEBSOCKET_OK").doesNotContain("DIAG_WEBSOCKET_ABNORMAL_CLOSE");
            assertThat(report.get("diagnoses")).noneMatch(d -> d.get("severity").asText().matches("error|warning"));
        }
        assertThat(diagnosis(three.inferred(), "DIAG_WEBSOCKET_OK").get("verdict").asText())
                .contains("clean close 1001 started by the client", "the client went away");
    }

    @Test
    void backendMisframes() throws Exception {
        ThreeWays.Reports three = browserFailedOnABackendFrame("backend-misframes",
                "A server must not mask any frames that it sends to the client.",
                "the backend sent 1 masked frame (WS_SERVER_FRAME_MASKED)");
        for (JsonNode report : three.all()) {
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_PROTOCOL_ERROR");
            assertThat(d.get("verdict").asText()).contains("close code 1006");
            assertThat(d.get("causes").get(0).asText()).startsWith("the backend's WebSocket code");
        }
        assertThat(diagnosis(three.inferred(), "DIAG_WEBSOCKET_PROTOCOL_ERROR").get("verdict").asText())
                .contains("the client's leg carried the same frames");
    }

    /**
     * A run-only scenario whose backend sends Chromium a frame it must fail the connection on: what the browser
     * itself reported (DevTools' {@code devtools} message and the page's own onclose), the backend's 101 and the
     * close 1002 Chromium sent it, then every reading of the capture leading with DIAG_WEBSOCKET_PROTOCOL_ERROR,
     * never OK, with {@code verdict} in it, and not DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR for the browser's 1002.
     */
    private ThreeWays.Reports browserFailedOnABackendFrame(String scenario, String devtools, String verdict)
            throws Exception {
        LabRun r = lab(scenario);
        assertThat(r.firstClientOutput()).contains(devtools).contains("close code=1006 clean=false");
        JsonNode back = r.request(r.backend(), "/ws/abc123");
        assertThat(back.at("/response/status").asInt()).isEqualTo(101);
        assertThat(back.at("/websocket/c2s/close_code").asInt()).as("Chromium's close after failing").isEqualTo(1002);
        ThreeWays.Reports three = threeWays(r, scenario);
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_OK");
            assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_WEBSOCKET_PROTOCOL_ERROR");
            assertThat(diagnosis(report, "DIAG_WEBSOCKET_PROTOCOL_ERROR").get("verdict").asText()).contains(verdict);
            // the browser's close after failing is the consequence, not a second finding
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR");
        }
        return three;
    }

    @Test
    void binaryAsText() throws Exception {
        // text must be UTF-8 (RFC 6455 §8.1); Chromium's 1002 is the consequence, not a second finding
        browserFailedOnABackendFrame("binary-as-text", "Could not decode a text frame as UTF-8.",
                "the backend sent 1 text message that is not UTF-8 (WS_TEXT_NOT_UTF8)");
    }

    @Test
    void binaryAsCompressedText() throws Exception {
        // RFC 7692 §7.2.2: Chromium inflates the frame, then finds the text is not UTF-8, as hopsniff does
        browserFailedOnABackendFrame("binary-as-compressed-text", "Could not decode a text frame as UTF-8.",
                "the backend sent 1 text message that is not UTF-8 (WS_TEXT_NOT_UTF8)");
        LabRun r = lab("binary-as-compressed-text");
        assertThat(r.request(r.backend(), "/ws/abc123").at("/websocket/extensions").asText())
                .isEqualTo("permessage-deflate");
    }

    @Test
    void deflateInvalid() throws Exception {
        // ff ff ff is DEFLATE block type 11, reserved (RFC 1951 §3.2.3); tshark says "Decompression failed" too
        browserFailedOnABackendFrame("deflate-invalid", "Invalid frame header",
                "the backend sent 1 compressed message that does not inflate (WS_DEFLATE_INVALID)");
    }

    @Test
    void subprotocolIgnored() throws Exception {
        LabRun r = lab("subprotocol-ignored");
        String browser = r.firstClientOutput();
        assertThat(browser).contains("Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received")
                .contains("close code=1006 clean=false");
        JsonNode back = r.request(r.backend(), "/ws/abc123");
        assertThat(LabRun.value(back.at("/request/headers"), "Sec-WebSocket-Protocol")).isEqualTo("dashboard.v1");
        assertThat(back.at("/response/status").asInt()).isEqualTo(101);
        assertThat(LabRun.fields(back.at("/response/headers"), "Sec-WebSocket-Protocol")).isEmpty();
        ThreeWays.Reports three = threeWays(r, "subprotocol");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_OK", "DIAG_WEBSOCKET_UPGRADED");
            assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_UPGRADE_ACCEPT_MISMATCH");
            assertThat(diagnosis(report, "DIAG_UPGRADE_ACCEPT_MISMATCH").get("verdict").asText())
                    .contains("selects none of the subprotocols the client offered (dashboard.v1)");
        }
    }

    @Test
    void sessionRejected() throws Exception {
        LabRun r = lab("session-rejected");
        // what the client library itself reported
        String client = r.firstClientOutput();
        assertThat(client).contains("\"close_code\": 1008, \"close_reason\": \"session expired\", \"closed_by\": \"server\"");
        JsonNode back = r.request(r.backend(), "/ws/expired");
        assertThat(back.at("/response/status").asInt()).isEqualTo(101);
        assertThat(back.at("/websocket/s2c/close_code").asInt()).isEqualTo(1008);
        ThreeWays.Reports three = threeWays(r, "rejected");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_OK");
            assertThat(diagnosis(report, "DIAG_WEBSOCKET_CLOSED_WITH_ERROR").get("verdict").asText())
                    .contains("1008 (Policy Violation) and reason \"session expired\"");
        }
        assertNoErrorAnomalies(r);
    }

    @Test
    void pingTimeout() throws Exception {
        LabRun r = lab("ping-timeout");
        String client = r.firstClientOutput();
        assertThat(client).contains("\"close_code\": 1011, \"close_reason\": \"keepalive ping timeout\"");
        JsonNode back = r.request(r.backend(), "/ws/lab-stalled");
        assertThat(back.at("/websocket/s2c/opcodes/ping").asLong()).isPositive();
        assertThat(back.at("/websocket/c2s/opcodes/pong").asLong()).isZero();
        ThreeWays.Reports three = threeWays(r, "ping");
        for (JsonNode report : three.all()) {
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_CLOSED_WITH_ERROR");
            assertThat(d.get("verdict").asText()).contains("1011 (Internal Error) and reason \"keepalive ping timeout\"")
                    .contains("of its pings unanswered");
            assertThat(d.get("causes").get(0).asText()).startsWith("the client stopped answering the backend's keepalive pings");
            // ws_client sends nothing after the 101: the backend leg alone cannot tell a hung client from one that
            // never got the 101; the client's leg shows Caddy relayed the 101 and the pings, and no pong came back
            assertThat(d.get("verdict").asText()).contains("and not one frame from the proxy's side since the 101");
        }
        assertThat(diagnosis(three.backendOnly(), "DIAG_WEBSOCKET_CLOSED_WITH_ERROR").get("verdict").asText())
                .endsWith(": the client hung from the start, or never received the 101.");
        for (JsonNode report : List.of(three.declared(), three.inferred())) {
            assertThat(diagnosis(report, "DIAG_WEBSOCKET_CLOSED_WITH_ERROR").get("verdict").asText())
                    .contains("; on its leg the client got the 101 and answered none of the ")
                    .endsWith(" ping(s) the proxy relayed to it.");
        }
    }

    @Test
    void blockedEventLoop() throws Exception {
        // The client's websockets pings at 1 s and gives up at 2 s (its own debug transcript says so and shows the
        // close 1011 it sent; it drops the connection at once, so what it reports as its close code races the echo);
        // the app, asleep in time.sleep(4), pongs only when it wakes (tshark: ping 1.0 s, close 2.0 s, pong 4.0 s)
        LabRun r = lab("blocked-event-loop");
        assertThat(r.firstClientErrors()).contains("! timed out waiting for keepalive pong")
                .contains("> CLOSE 1011 (unexpected error) keepalive ping timeout");
        JsonNode back = r.request(r.backend(), "/ws/busy");
        assertThat(back.at("/websocket/c2s/opcodes/ping").asLong()).isPositive();
        assertThat(back.at("/websocket/c2s/close_code").asInt()).isEqualTo(1011);
        ThreeWays.Reports three = threeWays(r, "busy");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_OK", "DIAG_WEBSOCKET_CLOSED_WITH_ERROR");
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR");
            assertThat(d.get("verdict").asText()).contains("1011 (Internal Error) and reason \"keepalive ping timeout\"");
            assertThat(d.get("causes").get(0).asText()).startsWith("the backend stopped answering the client's keepalive pings");
        }
        assertThat(diagnosis(three.inferred(), "DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR").get("verdict").asText())
                .contains("then the client (the proxy passed its close on) closed");
    }

    @Test
    void proxyStops() throws Exception {
        // Debian 12's Caddy 2.6.2 closes the WebSockets it proxies when it stops (as on a config reload): close 1001
        // to each end, the one to the backend unmasked (tshark on samples/lab-proxy-stops: websocket.mask 0;
        // fixed in Caddy 2.6.3, caddyserver/caddy#5199); uvicorn's websockets answers 1002, the client gets 1001.
        // Caddy picks which end to close first at random; on a loaded machine the client's masked 1001 can reach
        // the backend first (ProxyStopsRaceTest), so uvicorn's answer follows the order tshark reads
        LabRun r = lab("proxy-stops");
        assertThat(r.firstClientOutput()).contains("\"close_code\": 1001").contains("\"closed_by\": \"server\"");
        JsonNode back = r.request(r.backend(), "/ws/lab-open");
        Path pcap = r.dir().resolve("capture.pcap");
        int backendPort = Integer.parseInt(r.backend().substring(r.backend().lastIndexOf(':') + 1));
        boolean crossed = !ProxyStopsRaceTest.unmaskedCloseFirst(pcap, backendPort);
        assertThat(back.at("/websocket/c2s/close_code").asInt()).isEqualTo(1001);
        assertThat(back.at("/websocket/s2c/close_code").asInt()).as("uvicorn's answer to the first close it read")
                .isEqualTo(ProxyStopsRaceTest.expectedBackendAnswer(pcap, backendPort));
        ThreeWays.Reports three = threeWays(r, "stops");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_OK");
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_PROTOCOL_ERROR");
            assertThat(d.get("verdict").asText())
                    .contains("the proxy sent 1 unmasked close frame (WS_CLIENT_FRAME_UNMASKED)");
            assertThat(d.get("verdict").asText().contains("discarded it (RFC 6455 §1.4) and this time it changed nothing"))
                    .as("the verdict says the unmasked close came too late to matter").isEqualTo(crossed);
            assertThat(d.get("causes").get(0).asText()).startsWith("the proxy closed the WebSocket itself");
        }
    }

    @Test
    void hostRewritten() throws Exception {
        // The app checks Host (TrustedHostMiddleware, allowed_hosts dash.example); Caddy's plain route passes {host},
        // its WebSocket route sends {upstream_hostport}. uvicorn's log has Starlette's trustedhost.py in the
        // traceback of the WebSocket's 500 (Debian 12: Starlette sends an HTTP response uvicorn refuses).
        LabRun r = lab("host-rewritten");
        assertThat(Files.readString(r.dir().resolve("uvicorn.log"))).contains("starlette/middleware/trustedhost.py")
                .contains("\"GET /api/status HTTP/1.1\" 200");
        assertThat(r.firstClientOutput()).contains("code=200"); // curl through Caddy with Host dash.example
        JsonNode ws = r.request(r.backend(), "/ws/lab-host");
        assertThat(LabRun.fields(ws.at("/request/headers"), "Host")).containsExactly("Host: " + r.backend());
        assertThat(ws.at("/response/status").asInt()).isEqualTo(500);
        ThreeWays.Reports three = threeWays(r, "host");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_WEBSOCKET_HOST_REJECTED");
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_HOST_REJECTED");
            assertThat(d.get("verdict").asText()).contains("GET /ws/lab-host was refused for its Host: the backend"
                    + " answered 500 \"Internal Server Error\" to Host " + r.backend())
                    .contains("plain requests naming another host were answered below 400 (Host dash.example: 1)");
            assertThat(d.get("causes").get(0).asText()).startsWith("the proxy rewrites Host on its WebSocket route");
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_REJECTED_OTHER");
        }
        // with the front leg, the client's own Host is quoted beside the backend's
        assertThat(diagnosis(three.declared(), "DIAG_WEBSOCKET_HOST_REJECTED").get("verdict").asText())
                .contains("(the proxy's; the client sent Host dash.example:" + r.caddy().substring(r.caddy().indexOf(':') + 1) + ")");
    }

    @Test
    void wsPrefixStripped() throws Exception {
        // handle_path /ws/* strips "/ws" (Caddy's docs: handle_path is handle plus uri strip_prefix); uvicorn logs
        // the WebSocket it refused under the path it got
        LabRun r = lab("ws-prefix-stripped");
        assertThat(Files.readString(r.dir().resolve("uvicorn.log"))).contains("\"WebSocket /lab-prefix\" 403");
        JsonNode back = r.request(r.backend(), "/lab-prefix");
        assertThat(back.at("/response/status").asInt()).isEqualTo(403);
        ThreeWays.Reports three = threeWays(r, "prefix");
        for (JsonNode report : List.of(three.declared(), three.inferred())) {
            assertThat(diagnosis(report, "DIAG_WEBSOCKET_ROUTE_REJECTED").get("verdict").asText())
                    .contains("GET /lab-prefix got 403").contains("the proxy stripped the prefix /ws: the client asked"
                            + " for /ws/lab-prefix");
        }
        assertThat(diagnosis(three.backendOnly(), "DIAG_WEBSOCKET_ROUTE_REJECTED").get("verdict").asText())
                .doesNotContain("the client asked for");
    }

    @Test
    void messageTooBig() throws Exception {
        LabRun r = lab("message-too-big");
        String client = r.firstClientOutput();
        assertThat(client).contains("\"close_code\": 1009");
        ThreeWays.Reports three = threeWays(r, "big");
        for (JsonNode report : three.all()) {
            JsonNode d = diagnosis(report, "DIAG_WEBSOCKET_CLOSED_WITH_ERROR");
            assertThat(d.get("verdict").asText()).contains("1009 (Message Too Big)")
                    .contains("the largest message to it was 8192 bytes ("); // --send-size 8192, inflated
            assertThat(d.get("causes").get(0).asText()).startsWith("the app failed while serving it");
            assertThat(d.get("fix").asText()).contains("--ws-max-size");
        }
    }

    @Test
    void textNotUtf8() throws Exception {
        // RFC 6455 §8.1 and RFC 7692 §7.2.2: the text is UTF-8 or not once inflated; websockets closes with 1007
        LabRun r = lab("text-not-utf8");
        assertThat(r.firstClientOutput()).contains("\"close_code\": 1007");
        JsonNode back = r.request(r.backend(), "/ws/lab-latin1");
        assertThat(back.at("/websocket/extensions").asText()).isEqualTo("permessage-deflate");
        assertThat(back.at("/websocket/s2c/close_code").asInt()).as("uvicorn's websockets").isEqualTo(1007);
        ThreeWays.Reports three = threeWays(r, "latin1");
        for (JsonNode report : three.all()) {
            assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_WEBSOCKET_PROTOCOL_ERROR");
            assertThat(diagnosis(report, "DIAG_WEBSOCKET_PROTOCOL_ERROR").get("verdict").asText())
                    .contains("1 text message that is not UTF-8 (WS_TEXT_NOT_UTF8)");
            // the backend's 1007 is it failing the connection, not a second finding
            assertThat(ThreeWays.ids(report)).doesNotContain("DIAG_WEBSOCKET_CLOSED_WITH_ERROR", "DIAG_WEBSOCKET_OK");
        }
    }

    /** The run's live capture analysed three ways (see {@link ThreeWays}), in a directory of its own. */
    private ThreeWays.Reports threeWays(LabRun r, String name) throws Exception {
        return ThreeWays.analyze(r.dir().resolve("capture.pcap"), Files.createDirectories(tmp.resolve(name)),
                r.backend(), r.caddy());
    }

    private static JsonNode diagnosis(JsonNode report, String id) {
        for (JsonNode d : report.get("diagnoses")) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError(id + " not among " + ThreeWays.ids(report));
    }

    private static JsonNode transaction(JsonNode report, long id) {
        for (JsonNode t : report.get("transactions")) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("tx" + id + " not in the report");
    }

    /** Waits for the diagnosis rules (another branch): these fail until the report has a matching diagnoses[].id. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void diagnosis(String scenario) throws Exception {
        LabRun r = lab(scenario);
        assertThat(r.diagnosisIds()).as("%s: report.diagnoses ids", scenario).contains(EXPECTED_DIAGNOSIS.get(scenario));
    }

    /** The live capture of each scenario, analysed three ways (see {@link ThreeWays}). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void threeWaysNameTheSameRootCause(String scenario) throws Exception {
        LabRun r = lab(scenario);
        ThreeWays.Reports reports = threeWays(r, "three-ways-" + scenario);
        ThreeWays.assertSameRootCause(reports, EXPECTED_DIAGNOSIS.get(scenario), r.backend(), r.caddy());
    }
}
