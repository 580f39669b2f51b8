package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.analyze;
import static io.hopsniff.report.diagnosis.Diag.has;
import static io.hopsniff.report.diagnosis.SyntheticCaptureTest.caddyHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.LoopbackPcap;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who closed a WebSocket, and with which code (RFC 6455 §5.5.1, §7.4.1): a backend's close with an error code
 * right after the 101 is the app refusing the session, not a healthy WebSocket, whether or not the close
 * handshake completes. Frames are built as RFC 6455 §5.5.1 lays a close frame out: a 2-byte code, then the reason.
 */
class WebSocketCloseCodeTest {

    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + Handshakes.expectedAccept("hLGYivjSjtsHp1Dtmo1UQg==")
            + "\r\n\r\n";

    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    /** An unmasked server close frame: code, then reason (at most 123 bytes). */
    private static byte[] serverClose(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[4 + r.length];
        f[0] = (byte) 0x88;
        f[1] = (byte) (2 + r.length);
        f[2] = (byte) (code >> 8);
        f[3] = (byte) code;
        System.arraycopy(r, 0, f, 4, r.length);
        return f;
    }

    /** A masked client close echoing {@code code}, key 37 fa 21 3d. */
    private static byte[] clientClose(int code) {
        return new byte[] {(byte) 0x88, (byte) 0x82, 0x37, (byte) 0xfa, 0x21, 0x3d, (byte) ((code >> 8) ^ 0x37),
                (byte) ((code & 0xff) ^ 0xfa)};
    }

    private static List<Diagnosis> closedBy(byte[] first, byte[] answer, boolean serverFirst) throws Exception {
        try (LoopbackPcap w = new LoopbackPcap()) {
            LoopbackPcap.Conn c = w.connection(40020).open().client(caddyHandshake("/ws/expired")).server(SWITCHING);
            if (serverFirst) {
                c.server(first).client(answer).fin(false).fin(true);
            } else {
                c.client(first).server(answer).fin(true).fin(false);
            }
            w.close();
            return analyze(w.file);
        }
    }

    @Test
    void aPolicyViolationRightAfterTheUpgradeIsTheAppRefusingTheSession() throws Exception {
        List<Diagnosis> out = closedBy(serverClose(1008, "session expired"), clientClose(1008), true);
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
        assertThat(out.get(0).id()).isEqualTo(d.id());
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_WEBSOCKET_OK");
        assertThat(d.severity()).isEqualTo("warning");
        assertThat(d.verdict()).isEqualTo("GET /ws/expired got a valid 101, then the backend closed the WebSocket with"
                + " 1008 (Policy Violation) and reason \"session expired\" after no other frame (it closed at once).");
        assertThat(d.causes().get(0)).startsWith("the app refused the session after accepting it");
    }

    @Test
    void anInternalErrorPutsTheAppsFailureFirst() throws Exception {
        List<Diagnosis> out = closedBy(serverClose(1011, ""), clientClose(1011), true);
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
        assertThat(d.verdict()).contains("1011 (Internal Error) after");
        assertThat(d.causes().get(0)).startsWith("the app failed while serving it");
    }

    @Test
    void aKeepaliveTimeoutAfterUnansweredPingsBlamesTheSilentClient() throws Exception {
        // websockets (uvicorn's library) pings, gets no pong within ping_timeout and fails the connection with
        // 1011 "keepalive ping timeout" (websockets/legacy/protocol.py; samples/lab-ping-timeout shows it live)
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40021).open().client(caddyHandshake("/ws/lab-stalled")).server(SWITCHING)
                    .server(hex("81 05 48 65 6c 6c 6f")).server(hex("89 04 6b 65 65 70"))
                    .server(serverClose(1011, "keepalive ping timeout")).fin(false).fin(true);
            w.close();
            Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
            assertThat(d.verdict()).contains("1011 (Internal Error) and reason \"keepalive ping timeout\" after 2"
                    + " other frame(s), 1 of its pings unanswered");
            assertThat(d.causes().get(0)).startsWith("the client stopped answering the backend's keepalive pings");
            // not one frame from the proxy's side after the 101: without the client's leg, a client that hung at once
            // and one that never got the 101 (a proxy holding it back, reference §2.3 #9) look the same
            assertThat(d.verdict()).endsWith("1 of its pings unanswered, and not one frame from the proxy's side since"
                    + " the 101: the client hung from the start, or never received the 101.");
            assertThat(d.causes().get(1)).startsWith("the client never received the switch");
        }
    }

    @Test
    void aClientThatSpokeBeforeItStoppedAnsweringPingsDidGetThe101() throws Exception {
        // a masked text frame from the proxy's side (RFC 6455 §5.7's "Hello", masked) proves the switch reached
        // the client: only the hung client is left
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40023).open().client(caddyHandshake("/ws/lab-stalled")).server(SWITCHING)
                    .client(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")).server(hex("89 04 6b 65 65 70"))
                    .server(serverClose(1011, "keepalive ping timeout")).fin(false).fin(true);
            w.close();
            Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
            assertThat(d.verdict()).endsWith("after 2 other frame(s), 1 of its pings unanswered.");
            assertThat(d.causes().get(0)).startsWith("the client stopped answering the backend's keepalive pings");
            assertThat(d.causes().get(d.causes().size() - 1)).startsWith("the client never received the switch");
        }
    }

    @Test
    void normalAndGoingAwayClosesOrAClientsCloseAreNotErrors() throws Exception {
        for (int code : new int[] {1000, 1001}) {
            List<Diagnosis> out = closedBy(serverClose(code, ""), clientClose(code), true);
            assertThat(out).extracting(Diagnosis::id).contains("DIAG_WEBSOCKET_OK")
                    .doesNotContain("DIAG_WEBSOCKET_CLOSED_WITH_ERROR");
        }
        // the proxy's side closed first with 1008: not the backend's verdict on the session
        List<Diagnosis> out = closedBy(clientClose(1008), serverClose(1008, ""), false);
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_WEBSOCKET_CLOSED_WITH_ERROR");
        // ...and the proxy's side closing normally is a healthy end
        for (int code : new int[] {1000, 1001}) {
            assertThat(closedBy(clientClose(code), serverClose(code, ""), false)).extracting(Diagnosis::id)
                    .contains("DIAG_WEBSOCKET_OK").doesNotContain("DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR");
        }
    }

    @Test
    void aClientThatCouldNotDecodeTheBackendsTextClosesWithAnErrorNotOk() throws Exception {
        // RFC 6455 §8.1: a text message that is not UTF-8 makes the client fail the connection; it closes with 1007
        // (Invalid Frame Payload Data, §7.4.1) and the backend echoes it: the handshake completes, the session failed
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40022).open().client(caddyHandshake("/ws/abc123")).server(SWITCHING)
                    .server(hex("81 05 48 65 6c 6c 6f")).client(clientClose(1007)).server(serverClose(1007, ""))
                    .fin(true).fin(false);
            w.close();
            List<Diagnosis> out = analyze(w.file);
            Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR);
            assertThat(out.get(0).id()).isEqualTo(d.id());
            assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_WEBSOCKET_OK",
                    "DIAG_WEBSOCKET_CLOSED_WITH_ERROR");
            assertThat(d.severity()).isEqualTo("warning");
            assertThat(d.verdict()).isEqualTo("GET /ws/abc123 got a valid 101, then the proxy's side (the client"
                    + " through the proxy, or the proxy itself) closed the WebSocket with 1007 (Invalid Frame Payload"
                    + " Data) after 1 other frame(s) from the backend and 0 to it.");
            assertThat(d.causes().get(0)).startsWith("the client could not take what the backend sent");
            assertThat(d.evidence()).anyMatch(e -> e.contains("first close frame from the proxy's side: 1007")
                    && e.contains("the backend's close frame 1007"));
        }
    }

    @Test
    void theClientsCodeDecidesWhichCauseComesFirst() throws Exception {
        // 1009 over the client's size limit, 1010 an extension it requires, 4000-4999 its app's own (§7.4.2)
        assertThat(clientFirst(1009).causes().get(0)).startsWith("a backend message is over the client's own size limit");
        assertThat(clientFirst(1010).causes().get(0)).startsWith("the client requires an extension");
        Diagnosis app = clientFirst(4001);
        assertThat(app.causes().get(0)).startsWith("the client's app closed the session on purpose");
        assertThat(app.verdict()).contains("4001 (the application's own code) after no other frame (it closed at once)");
        assertThat(clientFirst(1011).causes().get(0)).startsWith("the client or the proxy failed");
    }

    @Test
    void aClientsKeepaliveTimeoutBlamesTheSilentBackendEvenWhenThePongComesLate() throws Exception {
        // samples/lab-blocked-event-loop: the client pings, gets no pong in time and closes with 1011 "keepalive ping
        // timeout" (websockets); the backend, its event loop blocked, pongs only after that close
        try (LoopbackPcap w = new LoopbackPcap()) {
            byte[] reason = "keepalive ping timeout".getBytes(StandardCharsets.UTF_8);
            byte[] close = new byte[8 + reason.length]; // masked with key 00 00 00 00: the payload reads as sent
            close[0] = (byte) 0x88;
            close[1] = (byte) (0x80 | (2 + reason.length));
            close[6] = (byte) (1011 >> 8);
            close[7] = (byte) (1011 & 0xff);
            System.arraycopy(reason, 0, close, 8, reason.length);
            w.connection(40023).open().client(caddyHandshake("/ws/busy")).server(SWITCHING)
                    .server(hex("81 05 48 65 6c 6c 6f")).client(hex("89 80 37 fa 21 3d")).client(close)
                    .server(hex("8a 00")).server(serverClose(1011, "keepalive ping timeout")).fin(false).fin(true);
            w.close();
            List<Diagnosis> out = analyze(w.file);
            Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR);
            assertThat(d.verdict()).contains("1011 (Internal Error) and reason \"keepalive ping timeout\"");
            assertThat(d.causes().get(0)).startsWith("the backend stopped answering the client's keepalive pings");
            assertThat(d.evidence()).anyMatch(e -> e.endsWith("pings from the proxy's side 1, pongs from the backend 1"));
        }
    }

    @Test
    void anErrorCloseFollowedByADroppedConnectionIsThatCloseNotAnIdleTimeout() throws Exception {
        // websockets fails the connection after its keepalive timeout: close 1011, then drops the TCP connection
        // at once, without waiting for the peer's close (RFC 6455 §7.1.7); a RST when data is still unread. The
        // same for a backend that does so
        for (boolean backendFirst : new boolean[] {false, true}) {
            try (LoopbackPcap w = new LoopbackPcap()) {
                LoopbackPcap.Conn c = w.connection(backendFirst ? 40025 : 40024).open().client(caddyHandshake("/ws/busy"))
                        .server(SWITCHING).server(hex("81 05 48 65 6c 6c 6f"));
                if (backendFirst) {
                    c.server(serverClose(1011, "keepalive ping timeout")).rst(false);
                } else {
                    c.client(clientClose(1011)).rst(true);
                }
                w.close();
                List<Diagnosis> out = analyze(w.file);
                has(out, backendFirst ? DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR
                        : DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR);
                assertThat(out).extracting(Diagnosis::id).as("backend first: " + backendFirst)
                        .doesNotContain("DIAG_WEBSOCKET_ABNORMAL_CLOSE", "DIAG_WEBSOCKET_OK");
            }
        }
    }

    private static Diagnosis clientFirst(int code) throws Exception {
        List<Diagnosis> out = closedBy(clientClose(code), serverClose(code, ""), false);
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_WEBSOCKET_OK");
        return has(out, DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR);
    }
}
