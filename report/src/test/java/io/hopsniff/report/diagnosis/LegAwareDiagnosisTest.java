package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.TwoLegs.request;
import static io.hopsniff.report.diagnosis.TwoLegs.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.ws.WebSocketDirection;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.decoder.ws.WsViolation;
import io.hopsniff.report.diagnosis.TwoLegs.Way;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each leg judged for what it is: every case is run three ways (backend leg only; both legs with --front; both
 * legs, no flags) and must name the same root cause, never a backend verdict from a front exchange. The records
 * follow the wire of Caddy 2.6 in front of uvicorn as the reference (§2.2, §2.3) and the lab recordings show it:
 * Caddy adds X-Forwarded-For/-Host/-Proto, re-cases Sec-WebSocket-* fields, relays the backend's status and adds
 * its own {@code Server: Caddy}.
 */
class LegAwareDiagnosisTest {

    private static final List<String> CLIENT_HANDSHAKE = List.of("Host: 127.0.0.1:8080", "Upgrade: websocket",
            "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");
    private static final List<String> FORWARDED = List.of("X-Forwarded-For: 127.0.0.1", "X-Forwarded-Host: 127.0.0.1:8080",
            "X-Forwarded-Proto: http");

    private static List<String> plus(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Diagnosis lead(List<Diagnosis> out) {
        assertThat(out).isNotEmpty();
        return out.get(0);
    }

    /** No error- or warning-level backend verdict names a front exchange. */
    private static void noBackendVerdictOnTheFront(List<Diagnosis> out, long... frontIds) {
        for (Diagnosis d : out) {
            if (!Stories.FRONT.contains(DiagnosisId.valueOf(d.id()))) {
                for (long f : frontIds) {
                    assertThat(d.transactions()).as("%s names front tx%s", d.id(), f).doesNotContain(f);
                }
            }
        }
    }

    private static String leg(Way way, String expected) {
        return way == Way.BACKEND_ONLY ? null : expected;
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void strippedUpgradeIsTheProxysAndIsToldOnce(Way way) {
        // header_up -Upgrade / -Connection: the backend gets the Sec-WebSocket-* fields only and FastAPI answers
        // its plain GET with 404; Caddy relays the 404 to the client.
        try (TwoLegs t = new TwoLegs(way)) {
            long b = t.backend(2, request("GET", "/ws/abc", 1, plus(List.of("Host: 127.0.0.1:8080",
                    "Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-Websocket-Version: 13"), FORWARDED)),
                    response(404, "Not Found", "{\"detail\":\"Not Found\"}", 2, "server: uvicorn",
                            "content-type: application/json"), null);
            long f = t.front(1, 50001, request("GET", "/ws/abc", 0, CLIENT_HANDSHAKE),
                    response(404, "Not Found", "{\"detail\":\"Not Found\"}", 3, "Server: Caddy", "server: uvicorn"),
                    null);
            t.backendConnection(2, "ShADadFf", EndReason.FIN, 1, 4, 1);
            t.frontConnection(1, 50001, 0, 4, 1);
            List<Diagnosis> out = t.diagnoses();
            Diagnosis d = Diag.has(out, DiagnosisId.DIAG_PROXY_STRIPPED_UPGRADE);
            assertThat(lead(out).id()).isEqualTo(d.id());
            assertThat(d.leg()).isEqualTo(leg(way, "backend"));
            assertThat(d.count()).isEqualTo(1);
            assertThat(d.transactions()).containsExactly(b);
            assertThat(d.verdict()).doesNotContain("more like it");
            assertThat(out).noneMatch(x -> x.id().equals("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT"));
            noBackendVerdictOnTheFront(out, f);
            if (way == Way.BACKEND_ONLY) {
                assertThat(d.stories()).isNull();
                return;
            }
            assertThat(d.stories()).hasSize(1);
            Story s = d.stories().get(0);
            assertThat(s.front()).isEqualTo(f);
            assertThat(s.backend()).isEqualTo(b);
            assertThat(s.clientSent()).isEqualTo("GET /ws/abc with Upgrade: websocket, Connection: Upgrade");
            assertThat(s.forwarded()).isEqualTo("GET /ws/abc without Upgrade or Connection");
            assertThat(s.proxyChanged()).startsWith("removed Upgrade: websocket", "removed Connection: Upgrade")
                    .contains("added X-Forwarded-For: 127.0.0.1");
            assertThat(s.backendAnswered()).startsWith("404 {\"detail\":\"Not Found\"}");
            assertThat(s.clientGot()).startsWith("404 (relayed from the backend)");
            assertThat(s.answeredBy()).isEqualTo("backend");
            assertThat(t.collector.legsJson().decided()).isEqualTo(way == Way.DECLARED ? "declared" : "inferred");
        }
    }

    /**
     * Caddy's {@code handle_path /dashboard/*} strips the prefix before proxying: the app has no WebSocket route for
     * the stripped path and uvicorn sends its empty 403 (reference §2.3 #2); with the front leg the verdict says
     * what the client asked for.
     */
    @ParameterizedTest
    @EnumSource(Way.class)
    void aPathThePrefixWasStrippedFromIsShownBesideTheRefusal(Way way) {
        try (TwoLegs t = new TwoLegs(way)) {
            long b = t.backend(2, request("GET", "/ws/abc", 1, plus(List.of("Host: 127.0.0.1:8080", "Upgrade: websocket",
                    "Connection: Upgrade", "Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-Websocket-Version: 13",
                    "Origin: http://elsewhere.example"), FORWARDED)),
                    response(403, "Forbidden", null, 2, "Server: Python/3.11 websockets/10.4", "Content-Length: 0"), null);
            long f = t.front(1, 50001, request("GET", "/dashboard/ws/abc", 0, CLIENT_HANDSHAKE),
                    response(403, "Forbidden", null, 3, "Server: Caddy", "Server: Python/3.11 websockets/10.4"), null);
            t.backendConnection(2, "ShADadFf", EndReason.FIN, 1, 4, 1);
            t.frontConnection(1, 50001, 0, 4, 1);
            List<Diagnosis> out = t.diagnoses();
            Diagnosis d = Diag.has(out, DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED);
            assertThat(d.transactions()).containsExactly(b);
            noBackendVerdictOnTheFront(out, f);
            assertThat(d.verdict().contains("the proxy stripped the prefix /dashboard: the client asked for /dashboard/ws/abc"))
                    .isEqualTo(way != Way.BACKEND_ONLY);
            // the Origin clash alone would put the app's check first; a changed path keeps the route first
            assertThat(d.causes().get(0).startsWith("no WebSocket route matches the path")).isEqualTo(way != Way.BACKEND_ONLY);
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void backendDownIsUnreachableAndTheProxys502IsItsOwnAnswer(Way way) {
        // Nothing listens on the backend port: Caddy's dial gets RST (history Sr) and it answers 502 itself.
        try (TwoLegs t = new TwoLegs(way)) {
            t.backendConnection(2, "Sr", EndReason.RST, 1, 1.1, 0);
            long f = t.front(1, 50001, request("GET", "/ws/down", 0, CLIENT_HANDSHAKE),
                    response(502, "Bad Gateway", null, 2, "Server: Caddy"), null);
            t.frontConnection(1, 50001, 0, 3, 1);
            List<Diagnosis> out = t.diagnoses();
            Diagnosis d = Diag.has(out, DiagnosisId.DIAG_BACKEND_UNREACHABLE);
            assertThat(lead(out).id()).isEqualTo(d.id());
            assertThat(out).noneMatch(x -> x.id().equals("DIAG_WEBSOCKET_REJECTED_OTHER"));
            noBackendVerdictOnTheFront(out, f);
            if (way == Way.BACKEND_ONLY) {
                return;
            }
            Diagnosis p = Diag.has(out, DiagnosisId.DIAG_PROXY_ANSWERED);
            assertThat(p.severity()).isEqualTo("warning");
            assertThat(p.leg()).isEqualTo("front");
            assertThat(p.verdict()).contains("GET /ws/down got 502", "DIAG_BACKEND_UNREACHABLE");
            assertThat(p.stories()).singleElement().satisfies(s -> {
                assertThat(s.backend()).isNull();
                assertThat(s.answeredBy()).isEqualTo("proxy");
                assertThat(s.clientGot()).isEqualTo("502 (from the proxy), Server: Caddy");
            });
            if (way == Way.INFERRED) {
                assertThat(t.collector.legsJson().decided()).isEqualTo("inferred");
                assertThat(t.collector.legsJson().evidence().get(0)).contains("got 502", "was refused");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"DECLARED", "INFERRED"})
    void connectTheProxyAnsweredItselfIsNotAnOriginConnect(Way way) {
        // curl -p -x http://CADDY http://example.invalid/: no site matches the host, Caddy answers 200 itself.
        // A plain GET forwarded the usual way shows the backend leg (and lets the legs be inferred).
        try (TwoLegs t = new TwoLegs(way)) {
            long c = t.front(1, 50001, request("CONNECT", "example.invalid:80", 0, List.of("Host: example.invalid:80",
                    "User-Agent: curl/7.88.1", "Proxy-Connection: Keep-Alive")), response(200, "OK", null, 1,
                    "Server: Caddy"), null);
            t.backend(3, request("GET", "/api/status", 11, plus(List.of("Host: 127.0.0.1"), FORWARDED)),
                    response(200, "OK", "{\"status\":\"ok\"}", 12, "server: uvicorn"), null);
            t.front(2, 50002, request("GET", "/api/status", 10, List.of("Host: 127.0.0.1:8080")),
                    response(200, "OK", "{\"status\":\"ok\"}", 13, "Server: Caddy", "server: uvicorn"), null);
            t.backendConnection(3, "ShADadFf", EndReason.FIN, 11, 14, 1);
            List<Diagnosis> out = t.diagnoses();
            assertThat(out).noneMatch(x -> x.id().equals("DIAG_CONNECT_AT_ORIGIN"));
            Diagnosis d = Diag.has(out, DiagnosisId.DIAG_CONNECT_AT_PROXY);
            assertThat(d.leg()).isEqualTo("front");
            assertThat(d.transactions()).containsExactly(c);
            assertThat(d.verdict()).contains("CONNECT example.invalid:80", "authority-form", "answered by the proxy itself",
                    "200");
            assertThat(d.fix()).contains("@connect method CONNECT");
            assertThat(out).noneMatch(x -> x.severity().equals("error"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"DECLARED"})
    void onlyTheFrontLegCapturedSaysSoInsteadOfGuessing(Way way) {
        // --front given, but the capture saw no connection to any backend: the 404 may be Caddy's or uvicorn's.
        try (TwoLegs t = new TwoLegs(way)) {
            t.front(1, 50001, request("GET", "/ws/abc", 0, CLIENT_HANDSHAKE),
                    response(404, "Not Found", "{\"detail\":\"Not Found\"}", 3, "Server: Caddy", "server: uvicorn"),
                    null);
            t.frontConnection(1, 50001, 0, 4, 1);
            List<Diagnosis> out = t.diagnoses();
            Diagnosis d = Diag.has(out, DiagnosisId.DIAG_BACKEND_LEG_MISSING);
            assertThat(d.verdict()).contains("127.0.0.1:8080", "1 WebSocket handshake(s) got 404");
            assertThat(out).extracting(Diagnosis::id).containsExactly("DIAG_BACKEND_LEG_MISSING");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"DECLARED", "INFERRED"})
    void onlyTheFrontLegOfAProxyWhoseBackendIsDownNamesTheGatewayError(Way way) {
        // Caddy's answer when its backend refuses the connection (samples/lab-backend-down, the client's leg): an
        // empty 502 under its own name. Not a refusal of the WebSocket by an application, and no backend verdict.
        try (TwoLegs t = new TwoLegs(way)) {
            t.front(1, 50001, request("GET", "/ws/abc", 0, CLIENT_HANDSHAKE),
                    response(502, "Bad Gateway", null, 3, "Server: Caddy", "Content-Length: 0"), null);
            t.frontConnection(1, 50001, 0, 4, 1);
            List<Diagnosis> out = t.diagnoses();
            assertThat(out).extracting(Diagnosis::id).containsExactly("DIAG_BACKEND_LEG_MISSING");
            Diagnosis d = out.get(0);
            assertThat(d.verdict()).contains("1 WebSocket handshake(s) got 502");
            assertThat(d.causes().get(0)).startsWith("the proxy answered with its own 502/503/504");
        }
    }

    private static WebSocketDirection side(long frames, Integer closeCode) {
        return new WebSocketDirection(frames, frames * 10, frames, new TreeMap<>(), closeCode, null,
                TwoLegs.at(5), TwoLegs.at(900));
    }

    /**
     * GET /ws/abc upgraded on both legs as Caddy forwards it (RFC 6455 §1.3's key and accept), each leg with its
     * session; returns the front exchange's id.
     */
    private static long upgradedOnBothLegs(TwoLegs t, WebSocketSession back, WebSocketSession front) {
        t.backend(2, request("GET", "/ws/abc", 1, plus(List.of("Host: 127.0.0.1:8080",
                "Upgrade: websocket", "Connection: Upgrade", "Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-Websocket-Version: 13"), FORWARDED)), response(101, "Switching Protocols", null, 2,
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), back);
        return t.front(1, 50001, request("GET", "/ws/abc", 0, CLIENT_HANDSHAKE), response(101,
                "Switching Protocols", null, 3, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), front);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aClosedTabIsACleanCloseOnBothLegs(Way way) {
        // The tab closes: the browser sends close 1001 (RFC 6455 §7.4.1), Caddy relays it, uvicorn answers with its
        // own close frame, and Caddy relays that: the close handshake completes on both legs.
        WebSocketSession back = new WebSocketSession(side(1, 1001), side(2, 1001), null, null, "client", true, "close",
                "server", 1_000_000, false);
        WebSocketSession front = new WebSocketSession(side(1, 1001), side(2, 1001), null, null, "client", true, "close",
                "server", 1_000_000, false);
        try (TwoLegs t = new TwoLegs(way)) {
            long f = upgradedOnBothLegs(t, back, front);
            List<Diagnosis> out = t.diagnoses();
            Diagnosis ok = Diag.has(out, DiagnosisId.DIAG_WEBSOCKET_OK);
            assertThat(lead(out).id()).isEqualTo(ok.id());
            assertThat(ok.count()).isEqualTo(1);
            assertThat(ok.verdict()).contains("clean close 1001", "Going Away");
            if (way != Way.BACKEND_ONLY) {
                assertThat(ok.verdict()).contains("the client went away");
            }
            assertThat(out).noneMatch(x -> x.id().equals("DIAG_WEBSOCKET_ABNORMAL_CLOSE"));
            noBackendVerdictOnTheFront(out, f);
            Diag.hasNoErrors(out);
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void theProxyClosingBothLegsItselfIsToldFromATabClose(Way way) {
        // A config reload or stop of Caddy (caddyserver/caddy#4895): a close 1001 from the proxy to the backend and
        // from the proxy to the client, each answered; the client's leg shows the client did not start it
        WebSocketSession back = new WebSocketSession(side(1, 1001), side(2, 1001), null, null, "client", true, "close",
                "client", 1_000_000, false);
        WebSocketSession front = new WebSocketSession(side(1, 1001), side(2, 1001), null, null, "server", true, "close",
                "server", 1_000_000, false);
        try (TwoLegs t = new TwoLegs(way)) {
            upgradedOnBothLegs(t, back, front);
            Diagnosis ok = Diag.has(t.diagnoses(), DiagnosisId.DIAG_WEBSOCKET_OK);
            if (way == Way.BACKEND_ONLY) {
                assertThat(ok.verdict()).contains("the client went away, or the proxy itself is reloading");
            } else {
                assertThat(ok.verdict()).contains("clean close 1001 started by the proxy on both legs")
                        .doesNotContain("the client went away");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void framesBrokenOnlyOnTheClientsLegBlameTheProxyNotTheBackend(Way way) {
        // The backend's frames are fine, but on the client's leg the proxy sent a masked frame (a proxy that
        // re-frames): with the front leg seen this is the proxy's protocol error, never a clean WebSocket; with the
        // backend leg alone nothing is wrong there.
        WebSocketSession back = new WebSocketSession(side(1, 1000), side(2, 1000), null, null, "client", true, "close",
                "server", 1_000_000, false);
        WebSocketSession front = new WebSocketSession(side(1, 1002), side(2, null), null, null, "client", false,
                "fin-without-close", "client", 1_000_000, false, List.of(new WsViolation(Direction.SERVER_TO_CLIENT,
                AnomalyType.WS_SERVER_FRAME_MASKED, TwoLegs.at(600), 1, false)));
        try (TwoLegs t = new TwoLegs(way)) {
            long f = upgradedOnBothLegs(t, back, front);
            List<Diagnosis> out = t.diagnoses();
            if (way == Way.BACKEND_ONLY) {
                Diag.has(out, DiagnosisId.DIAG_WEBSOCKET_OK);
                return;
            }
            Diagnosis d = Diag.has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
            assertThat(lead(out).id()).isEqualTo(d.id());
            assertThat(out).noneMatch(x -> x.id().equals("DIAG_WEBSOCKET_OK"));
            assertThat(d.verdict()).contains("the proxy sent 1 masked frame (WS_SERVER_FRAME_MASKED) on the client's leg")
                    .doesNotContain("the backend sent");
            assertThat(d.causes().get(0)).startsWith("the proxy or a middlebox");
            noBackendVerdictOnTheFront(out, f);
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void anErrorCloseFromTheProxysSideSaysWhetherTheClientSentIt(Way way) {
        // The client's leg tells who closed with 1007 first: the client (the proxy relays its close, RFC 6455 §7.4.1)
        // or the proxy itself (the client's leg shows a normal close 1000 from the client instead)
        for (int clientsCode : new int[] {1007, 1000}) {
            WebSocketSession back = new WebSocketSession(side(1, 1007), side(2, 1007), null, null, "client", true,
                    "close", "server", 1_000_000, false);
            WebSocketSession front = new WebSocketSession(side(1, clientsCode), side(2, clientsCode), null, null,
                    "client", true, "close", "server", 1_000_000, false);
            try (TwoLegs t = new TwoLegs(way)) {
                long f = upgradedOnBothLegs(t, back, front);
                List<Diagnosis> out = t.diagnoses();
                Diagnosis d = Diag.has(out, DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR);
                assertThat(lead(out).id()).isEqualTo(d.id());
                assertThat(out).noneMatch(x -> x.id().equals("DIAG_WEBSOCKET_OK"));
                String closer = way == Way.BACKEND_ONLY ? "then the proxy's side (the client through the proxy, or"
                        + " the proxy itself) closed" : clientsCode == 1007 ? "then the client (the proxy passed its"
                        + " close on) closed" : "then the proxy (the client's leg shows no such close from the client)"
                        + " closed";
                assertThat(d.verdict()).contains(closer, "1007 (Invalid Frame Payload Data)");
                noBackendVerdictOnTheFront(out, f);
            }
        }
    }

    /** One direction's frames by opcode, the close frame's code and reason when it sent one. */
    private static WebSocketDirection frames(Integer closeCode, String closeReason, String... opcodes) {
        TreeMap<String, Long> byOpcode = new TreeMap<>();
        for (String o : opcodes) {
            byOpcode.merge(o, 1L, Long::sum);
        }
        return new WebSocketDirection(opcodes.length, opcodes.length * 4L, 0, byOpcode, closeCode, closeReason,
                TwoLegs.at(5), TwoLegs.at(900));
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aKeepaliveTimeoutWithASilentClientSaysFromTheClientsLegWhetherTheSwitchReachedIt(Way way) {
        // uvicorn's websockets pings, gets no pong and closes with 1011 "keepalive ping timeout"; the proxy's side
        // sent not one frame after the 101. A hung client (samples/lab-ping-timeout) and a client that never got
        // the 101, held back by the proxy (reference §2.3 #9, caddy#6733), look alike on the backend leg.
        WebSocketSession back = new WebSocketSession(frames(null, null),
                frames(1011, "keepalive ping timeout", "text", "ping", "close"), null, null, "server", false, "close",
                "server", 1_000_000, false);
        for (boolean clientGotThe101 : new boolean[] {true, false}) {
            try (TwoLegs t = new TwoLegs(way)) {
                long f;
                if (clientGotThe101) {
                    // Caddy relays the 101, the text and the ping to the client, which answers nothing
                    WebSocketSession front = new WebSocketSession(frames(null, null),
                            frames(1011, "keepalive ping timeout", "text", "ping", "close"), null, null, "server", false,
                            "close", "server", 1_000_000, false);
                    f = upgradedOnBothLegs(t, back, front);
                } else {
                    t.backend(2, request("GET", "/ws/abc", 1, plus(List.of("Host: 127.0.0.1:8080",
                            "Upgrade: websocket", "Connection: Upgrade", "Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                            "Sec-Websocket-Version: 13"), FORWARDED)), response(101, "Switching Protocols", null, 2,
                            "Upgrade: websocket", "Connection: Upgrade",
                            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), back);
                    f = t.front(1, 50001, request("GET", "/ws/abc", 0, CLIENT_HANDSHAKE), null, null);
                }
                List<Diagnosis> out = t.diagnoses();
                Diagnosis d = Diag.has(out, DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
                assertThat(d.verdict()).contains("1011 (Internal Error) and reason \"keepalive ping timeout\" after 2"
                        + " other frame(s), 1 of its pings unanswered, and not one frame from the proxy's side since the"
                        + " 101");
                String pings = "the client stopped answering the backend's keepalive pings";
                String heldBack = "the client never received the switch";
                if (way == Way.BACKEND_ONLY) {
                    assertThat(d.verdict()).endsWith(": the client hung from the start, or never received the 101.");
                    assertThat(d.causes().get(0)).startsWith(pings);
                    assertThat(d.causes().get(1)).startsWith(heldBack);
                } else if (clientGotThe101) {
                    assertThat(d.verdict()).endsWith("; on its leg the client got the 101 and answered none of the 1"
                            + " ping(s) the proxy relayed to it.");
                    assertThat(d.causes().get(0)).startsWith(pings);
                } else {
                    assertThat(d.verdict()).endsWith("; on its leg the client never got an answer: the proxy held the"
                            + " switch back.");
                    assertThat(d.causes().get(0)).startsWith(heldBack);
                }
                noBackendVerdictOnTheFront(out, f);
            }
        }
    }

    /** For {@link CoverageTest}: one plain test per front-leg id. */
    @Test
    void backendDownDeclared() {
        backendDownIsUnreachableAndTheProxys502IsItsOwnAnswer(Way.DECLARED);
    }

    @Test
    void connectAtProxyInferred() {
        connectTheProxyAnsweredItselfIsNotAnOriginConnect(Way.INFERRED);
    }

    @Test
    void frontLegOnly() {
        onlyTheFrontLegCapturedSaysSoInsteadOfGuessing(Way.DECLARED);
    }
}
