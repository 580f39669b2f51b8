package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.analyze;
import static io.hopsniff.report.diagnosis.Diag.has;
import static io.hopsniff.report.diagnosis.SyntheticCaptureTest.caddyHandshake;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.LoopbackPcap;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A correct 101 followed by frames that RFC 6455 makes the receiver fail the connection on is an error, never
 * DIAG_WEBSOCKET_OK: the frames below are RFC 6455 §5.7's and RFC 7692 §7.2.3's examples, sent by the wrong side
 * or without the extension they need; the handshake is Caddy 2.6.2's upstream request from the samples.
 */
class WebSocketProtocolErrorTest {

    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + Handshakes.expectedAccept("hLGYivjSjtsHp1Dtmo1UQg==")
            + "\r\nDate: Wed, 25 Nov 2026 19:39:21 GMT\r\nServer: Python/3.11 websockets/10.4\r\n\r\n";
    /** RFC 6455 §5.7: "A single-frame unmasked text message" ("Hello"). */
    private static final String UNMASKED_HELLO = "81 05 48 65 6c 6c 6f";
    /** RFC 6455 §5.7: "A single-frame masked text message" ("Hello", key 37 fa 21 3d). */
    private static final String MASKED_HELLO = "81 85 37 fa 21 3d 7f 9f 4d 51 58";
    /** A masked close 1000 from the client (key 37 fa 21 3d) and the server's unmasked answer. */
    private static final String CLIENT_CLOSE = "88 82 37 fa 21 3d 34 12";
    private static final String SERVER_CLOSE = "88 02 03 e8";

    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    /** One WebSocket through the whole pipeline: handshake, 101, the frames in order, close handshake, FINs. */
    private static List<Diagnosis> session(String response, String... frames) throws Exception {
        return session(response, true, frames);
    }

    /** The same, the close handshake after the frames only when asked. */
    private static List<Diagnosis> session(String response, boolean closeHandshake, String... frames)
            throws Exception {
        try (LoopbackPcap w = new LoopbackPcap()) {
            LoopbackPcap.Conn c = w.connection(40010).open().client(caddyHandshake("/ws/abc123")).server(response);
            for (String f : frames) {
                if (f.startsWith("c ")) {
                    c.client(hex(f.substring(2)));
                } else {
                    c.server(hex(f.substring(2)));
                }
            }
            if (closeHandshake) {
                c.client(hex(CLIENT_CLOSE)).server(hex(SERVER_CLOSE));
            }
            c.fin(false).fin(true);
            w.close();
            return analyze(w.file);
        }
    }

    private static List<String> ids(List<Diagnosis> out) {
        return out.stream().map(Diagnosis::id).toList();
    }

    @Test
    void maskedServerFramesAreAProtocolErrorNotOk() throws Exception {
        List<Diagnosis> out = session(SWITCHING, "c " + MASKED_HELLO, "s " + MASKED_HELLO, "s " + MASKED_HELLO);
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
        assertThat(out.get(0).id()).isEqualTo(d.id());
        assertThat(ids(out)).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_OK.name());
        assertThat(d.severity()).isEqualTo("error");
        assertThat(d.verdict()).contains("GET /ws/abc123")
                .contains("the backend sent 2 masked frames (WS_SERVER_FRAME_MASKED)")
                .contains("a browser fails the connection").contains("1006");
        assertThat(d.causes().get(0)).startsWith("the backend's WebSocket code");
        assertThat(d.evidence()).anyMatch(l -> l.contains("s2c: WS_SERVER_FRAME_MASKED on 2 frame(s)"));
        assertThat(d.evidence()).anyMatch(l -> l.contains("close frames: 1000 from the client side, 1000 from the"
                + " server side; end close"));
    }

    @Test
    void unmaskedClientFramesTheServerFailsOnPutTheClientFirst() throws Exception {
        // the server answers with close 1002 (Protocol Error, RFC 6455 §7.4.1), as RFC 6455 §5.1 asks
        List<Diagnosis> out = session(SWITCHING, false, "c " + UNMASKED_HELLO, "s 88 02 03 ea");
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
        assertThat(ids(out)).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_OK.name());
        assertThat(d.severity()).isEqualTo("error");
        assertThat(d.verdict()).contains("the proxy sent 1 unmasked frame (WS_CLIENT_FRAME_UNMASKED)")
                .contains("a conforming server fails the connection").contains("1002").doesNotContain("carried on")
                .doesNotContain("changed nothing");
        assertThat(d.causes().get(0)).startsWith("the client");
    }

    @Test
    void anUnmaskedCloseAfterTheReceiversOwnCloseIsSaidToHaveChangedNothing() throws Exception {
        // Caddy 2.6.2 stopping: the client's masked close 1001 relayed to the backend first (Caddy closed the
        // client's end first), then Caddy's own unmasked close 1001, which the backend, having read a close,
        // discards (RFC 6455 §1.4): it answers the first close with 1001, no 1002 (samples/lab-proxy-stops-crossed)
        List<Diagnosis> out = session(SWITCHING, false, "c 88 82 37 fa 21 3d 34 13", "c 88 02 03 e9", "s 88 02 03 e9");
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
        assertThat(d.severity()).isEqualTo("error");
        assertThat(d.verdict()).contains("the proxy sent 1 unmasked close frame (WS_CLIENT_FRAME_UNMASKED)")
                .contains("it came after a close frame from the same side, so its receiver discarded it (RFC 6455 §1.4)"
                        + " and this time it changed nothing; had it come first, a conforming server would have failed"
                        + " the connection")
                .doesNotContain("although the handshake succeeded");
        assertThat(d.causes().get(0)).startsWith("the proxy closed the WebSocket itself");
        assertThat(d.evidence()).anyMatch(l -> l.endsWith("each after its sender's own close frame"));
    }

    @Test
    void aReceiverThatCarriesOnMakesItAWarningNeverOk() throws Exception {
        // the server answers the unmasked frame with a text frame of its own: a lenient peer (as in
        // corpus/public/suri-websocket-ping.pcap), so this pair works, but not with a conforming server
        List<Diagnosis> out = session(SWITCHING, "c " + UNMASKED_HELLO, "s " + UNMASKED_HELLO);
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
        assertThat(ids(out)).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_OK.name());
        assertThat(d.severity()).isEqualTo("warning");
        assertThat(d.verdict()).contains("the receiver carried on regardless (a lenient peer), but a conforming"
                + " server fails the connection");
        assertThat(d.evidence()).anyMatch(l -> l.endsWith("its receiver sent frames after it"));
    }

    @Test
    void binaryDataSentAsTextIsAProtocolErrorOfTheBackend() throws Exception {
        // a PNG signature in a text frame: not UTF-8 (RFC 6455 §8.1); Chromium says "Could not decode a text frame as
        // UTF-8." and closes with 1002 (scripts/lab binary-as-text)
        List<Diagnosis> out = session(SWITCHING, "c " + MASKED_HELLO, "s 81 08 89 50 4e 47 0d 0a 1a 0a");
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
        assertThat(ids(out)).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_OK.name());
        assertThat(d.severity()).isEqualTo("error");
        assertThat(d.verdict()).contains("the backend sent 1 text message that is not UTF-8 (WS_TEXT_NOT_UTF8)");
        assertThat(d.causes().get(0)).contains("text frames carrying bytes that are not UTF-8");
    }

    @Test
    void compressedFramesWithoutNegotiatedDeflatePutTheExtensionFirst() throws Exception {
        // Caddy offered permessage-deflate, the 101 accepted no extension, and the backend compressed anyway:
        // RFC 7692 §7.2.3.1's compressed "Hello" with RSV1 set.
        List<Diagnosis> out = session(SWITCHING, "c " + MASKED_HELLO, "s c1 07 f2 48 cd c9 c9 07 00");
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
        assertThat(d.verdict()).contains("1 frame with RSV bits no negotiated extension defines");
        assertThat(d.causes().get(0)).startsWith("an extension used without being negotiated");
    }

    @Test
    void oversizedPingAndReservedOpcodeAreNamedTogether() throws Exception {
        String ping130 = "89 7e 00 82" + " 00".repeat(130); // RFC 6455 §5.5: control payloads are at most 125 bytes
        List<Diagnosis> out = session(SWITCHING, "c " + MASKED_HELLO, "s " + ping130, "s 83 00");
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
        assertThat(d.verdict()).contains("1 control frame longer than 125 bytes (WS_CONTROL_FRAME_TOO_LONG), 1 frame"
                + " with a reserved opcode (WS_RESERVED_OPCODE)");
    }

    @Test
    void aWebSocketOpenBeforeTheCaptureIsJudgedByItsFramesToo() throws Exception {
        // No handshake in the capture: the connection starts with well-formed frames both ways (how hopsniff finds
        // a WebSocket mid-stream), then the backend masks one.
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40012).client(hex(MASKED_HELLO)).server(hex(UNMASKED_HELLO)).server(hex(MASKED_HELLO))
                    .fin(false).fin(true);
            w.close();
            List<Diagnosis> out = analyze(w.file);
            Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
            assertThat(out.get(0).id()).isEqualTo(d.id());
            assertThat(d.verdict()).startsWith("The WebSocket on c1 was open before the capture began, then the backend"
                    + " sent 1 masked frame (WS_SERVER_FRAME_MASKED)");
            has(out, DiagnosisId.DIAG_WEBSOCKET_ALREADY_OPEN);
        }
    }

    @Test
    void aWebSocketOpenBeforeTheCaptureWhoseBackendMasksEveryFrameIsFoundAndJudged() throws Exception {
        // No handshake, and the backend masks every frame it sends (RFC 6455 §5.1: it must not): the client's
        // masked frames show the connection is a WebSocket; the backend's masked ones are then its protocol error,
        // not bytes of an unknown protocol
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40013).client(hex(MASKED_HELLO)).server(hex(MASKED_HELLO)).client(hex(MASKED_HELLO))
                    .server(hex(MASKED_HELLO)).fin(false).fin(true);
            w.close();
            List<Diagnosis> out = analyze(w.file);
            Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR);
            assertThat(out.get(0).id()).isEqualTo(d.id());
            assertThat(d.verdict()).startsWith("The WebSocket on c1 was open before the capture began, then the backend"
                    + " sent 2 masked frames (WS_SERVER_FRAME_MASKED)");
            assertThat(has(out, DiagnosisId.DIAG_WEBSOCKET_ALREADY_OPEN).verdict())
                    .contains("c1 carried 4 frame(s) (2 to the backend, 2 from it)");
        }
    }

    @Test
    void warningsAloneLeaveTheWebSocketOk() throws Exception {
        // A 16-bit length for 5 bytes (RFC 6455 §5.2 asks for the minimal encoding, but no receiver fails on it).
        List<Diagnosis> out = session(SWITCHING, "c " + MASKED_HELLO, "s 81 7e 00 05 48 65 6c 6c 6f");
        has(out, DiagnosisId.DIAG_WEBSOCKET_OK);
        assertThat(ids(out)).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR.name());
    }
}
