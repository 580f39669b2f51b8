package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.connection;
import static io.hopsniff.report.diagnosis.Diag.context;
import static io.hopsniff.report.diagnosis.Diag.exchange;
import static io.hopsniff.report.diagnosis.Diag.get;
import static io.hopsniff.report.diagnosis.Diag.handshake;
import static io.hopsniff.report.diagnosis.Diag.has;
import static io.hopsniff.report.diagnosis.Diag.one;
import static io.hopsniff.report.diagnosis.Diag.request;
import static io.hopsniff.report.diagnosis.Diag.response;
import static io.hopsniff.report.diagnosis.Diag.switching;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.ws.WebSocketDirection;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.report.Redactor;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One or more tests per rule, from records built as RFC 6455 and the reference §2.2/§2.3 describe the wire. */
class RulesTest {

    private static WebSocketDirection side(long frames, Integer closeCode, long lastNanos) {
        return new WebSocketDirection(frames, frames * 10, frames, new TreeMap<>(), closeCode, null,
                frames == 0 ? 0 : 1_100_000_000L, lastNanos);
    }

    @Test
    void acceptOfRfc6455Example() {
        assertThat(Handshakes.expectedAccept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void websocketOkWhenFramesFlowedAndCloseCompleted() {
        // caddy-ws-ok's session as the frame decoder will report it: 2 texts + 1 echo from the server, 1 from the
        // client, server close 1000 answered by the client.
        WebSocketSession ws = new WebSocketSession(side(2, 1000, 2_000_000_000L), side(4, 1000, 2_000_000_000L),
                null, "permessage-deflate", "server", true, "close", "server", 1_000_000, false);
        Diagnoser d = Diag.diagnoser();
        d.exchange(exchange(1, 1, handshake("/ws/abc123"), switching()), context(ws));
        List<Diagnosis> out = d.diagnoses();
        Diagnosis ok = has(out, DiagnosisId.DIAG_WEBSOCKET_OK);
        assertThat(ok.severity()).isEqualTo("ok");
        assertThat(ok.verdict()).contains("GET /ws/abc123").contains("6 frames").contains("clean close 1000");
        Diag.hasNoErrors(out);
    }

    @Test
    void upgradedWithoutSessionIsInfoNotFailure() {
        List<Diagnosis> out = one(handshake("/ws/abc123"), switching());
        has(out, DiagnosisId.DIAG_WEBSOCKET_UPGRADED);
        Diag.hasNoErrors(out);
    }

    @Test
    void uvicornWsNoneAnswer() {
        // uvicorn 0.17.6 --ws none (samples/caddy-ws-no-ws-library): 400, text/plain, chunked, no Server.
        Diagnosis d = has(one(handshake("/ws/abc123"), response(400, "Bad Request", "Unsupported upgrade request.",
                "content-type: text/plain; charset=utf-8", "connection: close", "Transfer-Encoding: chunked")),
                DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT);
        assertThat(d.verdict()).startsWith("GET /ws/abc123 got 400 'Unsupported upgrade request.' from the backend");
        assertThat(d.evidence()).contains("tx1 > Upgrade: websocket", "tx1 < HTTP/1.1 400 Bad Request");
    }

    @Test
    void fastApiJson404OnHandshake() {
        // uvicorn >= 0.19 without a WebSocket library hands the request to FastAPI (reference §2.3 #1).
        Diagnosis d = has(one(handshake("/ws/abc123"), response(404, "Not Found", "{\"detail\":\"Not Found\"}",
                "server: uvicorn", "content-type: application/json")), DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT);
        assertThat(d.verdict()).contains("404 {\"detail\":\"Not Found\"}");
        assertThat(d.causes().get(0)).contains("--ws none");
    }

    @Test
    void noLibraryTextWithoutBodyKeptStillRecognised() {
        // Same answer with no body bytes kept: the fingerprint (text/plain 400, no Server) is enough.
        var r = new io.hopsniff.decoder.http.HttpResponse("HTTP/1.1", 400, "Bad Request",
                Diag.headers("content-type: text/plain; charset=utf-8", "Transfer-Encoding: chunked"), List.of(),
                1, 1, 1, 80, 28, new byte[0], io.hopsniff.decoder.http.BodyFraming.CHUNKED, true);
        has(one(handshake("/ws/x"), r), DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT);
    }

    @Test
    void empty403NamesBothHypothesesAndComparesWithRoutesAndUpgradedPaths() {
        // uvicorn websockets impl answers an unmatched WebSocket path with 403, Content-Length 0 (reference §2.2).
        var forbidden = response(403, "Forbidden", null, "Server: Python/3.11 websockets/10.4", "Content-Length: 0",
                "Connection: close");
        Diagnoser d = new Diagnoser(DiagnosisSettings.withRoutes(List.of("/ws/{session_id}")), Redactor.on());
        d.exchange(exchange(1, 1, handshake("/ws/abc123"), switching()), context(null));
        d.exchange(exchange(2, 2, handshake("/api/ws/abc123"), forbidden), context(null));
        Diagnosis x = has(d.diagnoses(), DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED);
        assertThat(x.verdict()).contains("GET /api/ws/abc123 got 403 with an empty body")
                .contains("no WebSocket route matched").contains("Origin or auth")
                .contains("matches none of the routes given (/ws/{session_id})").contains("/ws/abc123 did upgrade");
        assertThat(x.causes().get(0)).startsWith("no WebSocket route matches");
        assertThat(x.transactions()).containsExactly(2L);
    }

    @Test
    void empty403OnAMatchingRouteWithForeignOriginPutsTheAppFirst() {
        var forbidden = response(403, "Forbidden", null, "Content-Length: 0");
        Diagnoser d = new Diagnoser(DiagnosisSettings.withRoutes(List.of("/ws/{session_id}")), Redactor.on());
        d.exchange(exchange(1, 1, handshake("/ws/abc", "Origin: https://evil.example"), forbidden), context(null));
        Diagnosis x = has(d.diagnoses(), DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED);
        assertThat(x.verdict()).contains("matches the route /ws/{session_id}").contains("Origin https://evil.example differs");
        assertThat(x.causes().get(0)).startsWith("the app closed the WebSocket before accept()");
    }

    @Test
    void strippedUpgradeHeaders() {
        // nginx without proxy_set_header Upgrade/Connection (reference §2.3 #3): FastAPI 404 JSON.
        Diagnosis d = has(one(get("/ws/abc", "Host: dash.example", "Connection: close",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"),
                response(404, "Not Found", "{\"detail\":\"Not Found\"}", "content-type: application/json")),
                DiagnosisId.DIAG_PROXY_STRIPPED_UPGRADE);
        assertThat(d.verdict()).contains("neither Upgrade: websocket nor Connection: Upgrade").contains("404");
        assertThat(d.evidence()).contains("tx1 > (no Upgrade field)", "tx1 > Connection: close");
    }

    @Test
    void strippedOnHttp10RanksNginxVersionFirst() {
        Diagnosis d = has(one(request("GET", "/ws", "HTTP/1.0", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version: 13", "Upgrade: websocket"), null), DiagnosisId.DIAG_PROXY_STRIPPED_UPGRADE);
        assertThat(d.causes().get(0)).contains("HTTP/1.0");
    }

    @Test
    void invalidVersionQuotesTheBackend() {
        Diagnosis d = has(one(get("/ws/abc", "Connection: Upgrade", "Upgrade: websocket",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 8"),
                response(400, "Bad Request", "Failed to open a WebSocket connection: invalid Sec-WebSocket-Version header: 8.",
                        "Server: Python/3.11 websockets/10.4")), DiagnosisId.DIAG_INVALID_HANDSHAKE);
        assertThat(d.verdict()).contains("Sec-WebSocket-Version: 8 (not 13)").contains("invalid Sec-WebSocket-Version");
    }

    @Test
    void shortKeyAcceptedByWsproto() {
        // wsproto accepted a 5-character key with 101 (reference §2.2).
        Diagnosis d = has(one(get("/ws", "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Key: short",
                "Sec-WebSocket-Version: 13"), response(101, null, null, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Accept: x")), DiagnosisId.DIAG_INVALID_HANDSHAKE);
        assertThat(d.verdict()).contains("101 anyway");
    }

    @Test
    void extendedConnectOriginForm() {
        // Caddy over HTTP/3 before PR #7305 forwarded extended CONNECT (reference §3); h11 -> FastAPI 404.
        Diagnosis d = has(one(request("CONNECT", "/ws", "HTTP/1.1", "Host: dash.example", "Sec-WebSocket-Version: 13"),
                response(404, "Not Found", "{\"detail\":\"Not Found\"}")), DiagnosisId.DIAG_CONNECT_AT_ORIGIN);
        assertThat(d.verdict()).contains("(origin-form)").contains("extended CONNECT");
        assertThat(d.causes().get(0)).startsWith("origin-form");
    }

    @Test
    void connectAuthorityForm() {
        Diagnosis d = has(one(request("CONNECT", "dash.example:443", "HTTP/1.1", "Host: dash.example:443"),
                response(404, "Not Found", "{\"detail\":\"Not Found\"}")), DiagnosisId.DIAG_CONNECT_AT_ORIGIN);
        assertThat(d.verdict()).contains("(authority-form)").contains("forward proxy");
    }

    @Test
    void prefaceAnsweredInHttp1() {
        // The decoder shows an HTTP/1 answer to the h2 preface as the answer to "PRI * HTTP/2.0" (report-format.md);
        // uvicorn/httptools 0.17.6 answers 400 "Invalid HTTP request received." (reference §2.2).
        Diagnoser d = Diag.diagnoser();
        d.exchange(exchange(7, 3, request("PRI", "*", "HTTP/2.0"),
                response(400, "Bad Request", "Invalid HTTP request received.", "content-type: text/plain; charset=utf-8")),
                context(null));
        d.connection(connection(3, "ShADadFf", "http2-refused", EndReason.FIN, 120));
        Diagnosis x = has(d.diagnoses(), DiagnosisId.DIAG_H2C_TO_HTTP1_BACKEND);
        assertThat(x.verdict()).isEqualTo("1 connection(s) began with the HTTP/2 preface and the backend answered in"
                + " HTTP/1.x (400 'Invalid HTTP request received.').");
    }

    @Test
    void prefaceMetBySilence() {
        Diagnoser d = Diag.diagnoser();
        d.connection(connection(4, "ShADFf", "http2", EndReason.FIN, 0));
        assertThat(has(d.diagnoses(), DiagnosisId.DIAG_H2C_TO_HTTP1_BACKEND).verdict()).contains("without sending a byte");
    }

    @Test
    void wrongAccept() {
        Diagnosis d = has(one(handshake("/ws"), response(101, "Switching Protocols", null, "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=-wrong")),
                DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(d.verdict()).contains("expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void upgradeResponseWithoutConnectionToken() {
        // caddy#6134: a 101 without Connection: upgrade.
        Diagnosis d = has(one(handshake("/ws"), response(101, "Switching Protocols", null, "Upgrade: websocket",
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")), DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(d.verdict()).contains("no Connection: Upgrade");
    }

    @Test
    void completedCloseWith1001IsACleanEnd() {
        // A closed tab sends close 1001 (RFC 6455 §7.4.1 "going away"); Caddy relays it and the backend answers:
        // the close handshake completes, which is a clean end whoever started it and with any code (§7.1.2).
        WebSocketSession ws = new WebSocketSession(side(3, 1001, 5_000_000_000L), side(5, 1001, 5_000_000_000L),
                null, null, "client", true, "close", "client", 1_000_000, false);
        Diagnoser d = Diag.diagnoser();
        d.exchange(exchange(1, 1, handshake("/ws/abc"), switching()), context(ws));
        List<Diagnosis> out = d.diagnoses();
        Diagnosis ok = has(out, DiagnosisId.DIAG_WEBSOCKET_OK);
        assertThat(ok.verdict()).contains("clean close 1001 started by the proxy's side", "Going Away");
        assertThat(out).noneMatch(x -> x.id().equals(DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE.name()));
        Diag.hasNoErrors(out);
    }

    @Test
    void proxyReloadClose1001WithoutTheBackendsAnswer() {
        // Caddy closes upgraded streams on reload with close 1001 toward the backend (reference §2.3 #8) and, without
        // stream_close_delay, drops the connection before the backend's close frame: no close handshake.
        WebSocketSession ws = new WebSocketSession(side(3, 1001, 5_000_000_000L), side(5, null, 4_000_000_000L),
                null, null, "client", false, "fin-without-close", "client", 1_000_000, false);
        Diagnoser d = Diag.diagnoser();
        d.exchange(exchange(1, 1, handshake("/ws/abc"), switching()), context(ws));
        Diagnosis x = has(d.diagnoses(), DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE);
        assertThat(x.verdict()).contains("a close frame (1001) only from the proxy");
        assertThat(x.causes().get(0)).contains("reloaded");
    }

    @Test
    void idleFinWithoutCloseFrame() {
        // nginx proxy_read_timeout: FIN from the proxy 60 s after the last frame, no close frame.
        WebSocketSession ws = new WebSocketSession(side(1, null, 2_000_000_000L), side(2, null, 2_000_000_000L),
                null, null, "none", false, "fin-without-close", "client", 60_000_000_000L, false);
        Diagnoser d = Diag.diagnoser();
        d.exchange(exchange(1, 1, handshake("/ws/abc"), switching()), context(ws));
        Diagnosis x = has(d.diagnoses(), DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE);
        assertThat(x.verdict()).contains("ended by the proxy with a TCP FIN and no close frame after 60.0 s");
        assertThat(x.causes().get(0)).contains("idle");
    }

    @Test
    void noResponse() {
        Diagnoser d = Diag.diagnoser();
        d.exchange(exchange(1, 1, get("/api/slow", "Host: x"), null), context(null));
        d.connection(connection(1, "ShADr", "http/1.1", EndReason.RST, 0));
        Diagnosis x = has(d.diagnoses(), DiagnosisId.DIAG_NO_RESPONSE);
        assertThat(x.verdict()).contains("1 request(s)").contains("GET /api/slow on c1, which then ended with rst from the backend");
    }

    @Test
    void refusedAndSilentSyns() {
        Diagnoser d = Diag.diagnoser();
        d.connection(connection(1, "Sr", "none", EndReason.RST, 0));
        d.connection(connection(2, "S", "none", EndReason.STILL_OPEN, 0));
        Diagnosis x = has(d.diagnoses(), DiagnosisId.DIAG_BACKEND_UNREACHABLE);
        assertThat(x.verdict()).contains("2 connection attempt(s) to 127.0.0.1:12656 were refused (1");
        assertThat(x.connections()).containsExactly(1L, 2L);
    }

    @Test
    void noUpgradeSeen() {
        Diagnoser d = Diag.diagnoser();
        d.exchange(exchange(1, 1, get("/", "Host: x"), response(200, "OK", null)), context(null));
        d.connection(connection(1, "ShADadFf", "http/1.1", EndReason.FIN, 100));
        has(d.diagnoses(), DiagnosisId.DIAG_NO_UPGRADE_SEEN);
    }

    @Test
    void otherRefusal() {
        // Old Starlette TrustedHostMiddleware on a WebSocket: 500 (reference §2.2 last row).
        Diagnosis d = has(one(handshake("/ws/abc"), response(500, "Internal Server Error", "Internal Server Error",
                "content-type: text/plain; charset=utf-8")), DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER);
        // uvicorn's websockets_impl.py sends exactly this 500 for any exception before accept
        assertThat(d.verdict()).contains("500").contains("uvicorn's answer when the application raised before"
                + " accepting the WebSocket").doesNotContain("no known signature");
        Diagnosis other = has(one(handshake("/ws/abc"), response(418, "I'm a teapot", "short and stout",
                "content-type: text/plain")), DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER);
        assertThat(other.verdict()).endsWith("an answer that matches no known signature.");
    }

    @Test
    void mostSevereFirstAndBoundedMemory() {
        Diagnoser d = new Diagnoser(new DiagnosisSettings(List.of(), 2, 2), Redactor.on());
        for (int i = 1; i <= 5; i++) {
            d.exchange(exchange(i, i, handshake("/ws/" + i), switching()), context(null));
        }
        d.exchange(exchange(6, 6, request("CONNECT", "x:1", "HTTP/1.1"), null), context(null));
        assertThat(d.facts().exchanges()).hasSize(2);
        assertThat(d.facts().exchangesDropped()).isEqualTo(4);
        assertThat(d.facts().upgradeAttempts()).isEqualTo(6);
        d.exchange(exchange(7, 7, get("/x", "Connection: Upgrade", "Upgrade: websocket"), null), context(null));
        List<Diagnosis> out = d.diagnoses();
        assertThat(out.get(0).severity()).isEqualTo("info"); // only the two kept 101s survive the limit
    }

    @Test
    void evidenceIsRedacted() {
        Diagnosis d = has(one(handshake("/ws/abc?token=s3cret", "Cookie: session=abc"),
                response(403, "Forbidden", null)), DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED);
        assertThat(String.join("\n", d.evidence()) + d.verdict()).doesNotContain("s3cret");
    }
}
