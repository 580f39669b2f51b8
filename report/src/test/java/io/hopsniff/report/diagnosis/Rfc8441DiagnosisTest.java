package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.analyze;
import static io.hopsniff.report.diagnosis.Diag.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.Http2Bytes;
import io.hopsniff.testkit.LoopbackPcap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * WebSockets over HTTP/2 on the backend leg (RFC 8441): a proxy speaking h2c to a backend that enabled extended
 * CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, §3) opens each WebSocket as a stream with {@code :method CONNECT,
 * :protocol websocket}; a 2xx opens it and the stream's DATA carries the RFC 6455 frames (§5). That is a WebSocket
 * handshake, judged by the WebSocket rules; it is not a tunnel request misrouted to the backend, which is what a
 * CONNECT reaching an HTTP/1.1 backend is (DIAG_CONNECT_AT_ORIGIN, still named by {@code RulesTest}). Frames are
 * RFC 6455 §5.7's examples; the HTTP/2 framing is RFC 9113 §4.1 and §6, header blocks literal fields (RFC 7541 §6.2.2).
 */
class Rfc8441DiagnosisTest {

    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6455 §5.7: "Hello", masked (client) and unmasked (server). */
    private static final byte[] MASKED_HELLO = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    private static final byte[] HELLO = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);

    /** SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8) = 1, RFC 8441 §3. */
    private static final byte[] ENABLE_CONNECT_PROTOCOL = bytes(0x00, 0x08, 0, 0, 0, 1);

    /**
     * One h2c connection with prior knowledge: the client's preface and empty SETTINGS, the server's SETTINGS
     * ({@code serverSettings}' parameters), the client's HEADERS on stream 1, then {@code rest}; both sides FIN.
     */
    private static List<Diagnosis> h2c(int clientPort, byte[] serverSettings, int headersFlags, byte[] block,
                                       Consumer<LoopbackPcap.Conn> rest) throws Exception {
        try (LoopbackPcap w = new LoopbackPcap()) {
            LoopbackPcap.Conn c = w.connection(clientPort).open();
            c.client(concat(PREFACE, Http2Bytes.frame(SETTINGS, 0, 0, new byte[0])));
            c.server(Http2Bytes.frame(SETTINGS, 0, 0, serverSettings));
            c.client(Http2Bytes.frame(HEADERS, headersFlags, 1, block));
            rest.accept(c);
            c.fin(true).fin(false);
            w.close();
            return analyze(w.file);
        }
    }

    /** An extended CONNECT for a WebSocket on /ws/abc123 (RFC 8441 §5), with {@code more} fields. */
    private static byte[] extendedConnect(String... more) {
        List<String> nv = new java.util.ArrayList<>(List.of(":method", "CONNECT", ":protocol", "websocket",
                ":scheme", "http", ":path", "/ws/abc123", ":authority", "192.168.2.22:12656",
                "sec-websocket-version", "13"));
        nv.addAll(List.of(more));
        return block(nv.toArray(String[]::new));
    }

    private static List<Diagnosis> backendAnswers(String status, byte[] afterHead, byte[] clientAnswer)
            throws Exception {
        return h2c(40031, ENABLE_CONNECT_PROTOCOL, END_HEADERS, extendedConnect("origin", "https://dash.example"), c -> {
            c.server(Http2Bytes.frame(HEADERS, END_HEADERS, 1, block(":status", status)));
            c.client(Http2Bytes.frame(DATA, 0, 1, MASKED_HELLO));
            c.server(Http2Bytes.frame(DATA, 0, 1, afterHead));
            c.client(Http2Bytes.frame(DATA, END_STREAM, 1, clientAnswer));
            c.server(Http2Bytes.frame(DATA, END_STREAM, 1, new byte[0]));
        });
    }

    @Test
    void aWebSocketOpenedByExtendedConnectIsHealthyNotAMisroutedTunnel() throws Exception {
        // the server echoes, then closes with 1000; the client answers the close (key 0: the code as is)
        List<Diagnosis> out = backendAnswers("200", concat(HELLO, bytes(0x88, 0x02, 0x03, 0xe8)),
                bytes(0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8));
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_OK);
        assertThat(out.get(0).id()).isEqualTo("DIAG_WEBSOCKET_OK");
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_CONNECT_AT_ORIGIN");
        assertThat(d.verdict()).startsWith("CONNECT /ws/abc123 got 200 to its extended CONNECT (RFC 8441")
                .contains("4 frames flowed (2 to the backend, 2 from it)");
        assertThat(d.evidence()).noneMatch(e -> e.contains("Sec-WebSocket-Accept")).contains("tx1 < HTTP/2 200");
    }

    @Test
    void theBackendClosingWithAnErrorIsNamedAsAfterA101() throws Exception {
        // 1011 Internal Error (RFC 6455 §7.4.1)
        List<Diagnosis> out = backendAnswers("200", bytes(0x88, 0x02, 0x03, 0xf3),
                bytes(0x88, 0x82, 0, 0, 0, 0, 0x03, 0xf3));
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
        assertThat(out.get(0).id()).isEqualTo(d.id());
        assertThat(d.verdict()).startsWith("CONNECT /ws/abc123 got 200 to its extended CONNECT")
                .contains("then the backend closed the WebSocket with 1011 (Internal Error)");
    }

    @Test
    void aKeepaliveTimeoutOnASilentStreamNamesTheBackends200() throws Exception {
        // the backend pings (RFC 6455 §5.5.2: 0x89, no payload), gets nothing back on the stream, and closes with
        // 1011 "keepalive ping timeout" as uvicorn's websockets does; its answer was the 200, not a 101
        byte[] reason = "keepalive ping timeout".getBytes(StandardCharsets.US_ASCII);
        byte[] close = concat(bytes(0x88, 2 + reason.length, 0x03, 0xf3), reason);
        List<Diagnosis> out = h2c(40036, ENABLE_CONNECT_PROTOCOL, END_HEADERS, extendedConnect(), c -> {
            c.server(Http2Bytes.frame(HEADERS, END_HEADERS, 1, block(":status", "200")));
            c.server(Http2Bytes.frame(DATA, 0, 1, bytes(0x89, 0x00)));
            c.server(Http2Bytes.frame(DATA, END_STREAM, 1, close));
        });
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
        assertThat(d.verdict()).endsWith("1 of its pings unanswered, and not one frame from the proxy's side since the"
                + " 200: the client hung from the start, or never received the 200.");
        assertThat(d.causes().get(1)).startsWith("the client never received the switch");
    }

    /** RFC 8441 §5: RST_STREAM stands for a TCP RST; the WebSocket ends without a close handshake (a client sees 1006). */
    @Test
    void aStreamResetEndsTheWebSocketAbnormally() throws Exception {
        List<Diagnosis> out = h2c(40034, ENABLE_CONNECT_PROTOCOL, END_HEADERS, extendedConnect(), c -> {
            c.server(Http2Bytes.frame(HEADERS, END_HEADERS, 1, block(":status", "200")));
            c.client(Http2Bytes.frame(DATA, 0, 1, MASKED_HELLO));
            c.server(Http2Bytes.frame(DATA, 0, 1, HELLO));
            c.server(Http2Bytes.frame(0x3, 0, 1, bytes(0, 0, 0, 0x8))); // RST_STREAM CANCEL
        });
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE);
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_WEBSOCKET_OK", "DIAG_CONNECT_AT_ORIGIN");
        assertThat(d.verdict()).contains("ended by the backend with RST_STREAM on its HTTP/2 stream")
                .contains("no close frame from either side");
        assertThat(d.evidence()).contains("tx1 < HTTP/2 200").noneMatch(e -> e.contains("101"));
    }

    @Test
    void aBackendRefusingTheExtendedConnectAsPlainHttpHasNoWebSocketThere() throws Exception {
        // FastAPI's answer to a path without a WebSocket route, on the stream
        byte[] body = "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.US_ASCII);
        List<Diagnosis> out = backendAnswers("404", body, new byte[0]);
        has(out, DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT);
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_CONNECT_AT_ORIGIN", "DIAG_WEBSOCKET_OK");
    }

    /**
     * A backend whose SETTINGS never enable extended CONNECT (RFC 8441 §3: absent means 0), sent one anyway (§4 forbids
     * it), answers with {@code answer} frames on stream 1: it has no WebSockets over HTTP/2, whatever it answers.
     */
    private static List<Diagnosis> notEnabled(byte[] answer) throws Exception {
        // MAX_CONCURRENT_STREAMS (0x3) only
        return h2c(40032, bytes(0x00, 0x03, 0, 0, 0, 100), END_HEADERS, extendedConnect(), c -> c.server(answer));
    }

    @Test
    void aStreamResetByABackendThatNeverEnabledExtendedConnectIsNamedSo() throws Exception {
        // RST_STREAM (type 0x3) PROTOCOL_ERROR (0x1), RFC 9113 §6.4, §7
        List<Diagnosis> out = notEnabled(Http2Bytes.frame(0x3, 0, 1, bytes(0, 0, 0, 1)));
        Diagnosis d = has(out, DiagnosisId.DIAG_H2_WEBSOCKET_NOT_ENABLED);
        assertThat(out.get(0).id()).isEqualTo(d.id());
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_NO_RESPONSE", "DIAG_CONNECT_AT_ORIGIN");
        assertThat(d.verdict()).startsWith("CONNECT /ws/abc123 came as an extended CONNECT (RFC 8441)")
                .contains("no answer came on its stream (the connection saw 1 stream reset(s)");
    }

    @Test
    void anErrorStatusFromABackendThatNeverEnabledItIsNotAnAppRefusal() throws Exception {
        List<Diagnosis> out = notEnabled(Http2Bytes.frame(HEADERS, END_HEADERS | END_STREAM, 1, block(":status", "400")));
        Diagnosis d = has(out, DiagnosisId.DIAG_H2_WEBSOCKET_NOT_ENABLED);
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT",
                "DIAG_WEBSOCKET_REJECTED_OTHER", "DIAG_NO_RESPONSE");
        assertThat(d.verdict()).contains("the backend answered 400");
    }

    /** The contrast: a plain GET whose stream the backend refuses (RST_STREAM REFUSED_STREAM, RFC 9113 §8.7) is unanswered. */
    @Test
    void aPlainStreamResetByTheBackendIsUnansweredAndSaysSo() throws Exception {
        List<Diagnosis> out = plainGet(40033, c -> c.server(Http2Bytes.frame(0x3, 0, 1, bytes(0, 0, 0, 0x7))));
        Diagnosis d = has(out, DiagnosisId.DIAG_NO_RESPONSE);
        // the frame's own stream, sender and error code (0x7 is REFUSED_STREAM, RFC 9113 §7)
        assertThat(d.verdict()).contains("GET /api/status")
                .contains("(the backend reset its HTTP/2 stream 1 with RST_STREAM REFUSED_STREAM)");
        assertThat(d.causes().get(0)).startsWith("on HTTP/2 a side reset the request's stream");
        assertThat(d.evidence()).anyMatch(l -> l.startsWith("tx") && l.contains("RST_STREAM: stream=1, sender=s2c,"
                + " code=REFUSED_STREAM"));
    }

    /** The proxy cancelling a stream (CANCEL, 0x8) is it giving up: said, but not ranked as the cause. */
    @Test
    void aStreamTheProxyCancelledIsSaidButNotTheCause() throws Exception {
        List<Diagnosis> out = plainGet(40034, c -> c.client(Http2Bytes.frame(0x3, 0, 1, bytes(0, 0, 0, 0x8))));
        Diagnosis d = has(out, DiagnosisId.DIAG_NO_RESPONSE);
        assertThat(d.verdict()).contains("(the proxy's side reset its HTTP/2 stream 1 with RST_STREAM CANCEL)");
        assertThat(d.causes().get(0)).doesNotStartWith("on HTTP/2 a side reset");
    }

    /** A plain GET /api/status on stream 1 of an h2c connection whose server enabled nothing, then {@code rest}. */
    private static List<Diagnosis> plainGet(int clientPort, Consumer<LoopbackPcap.Conn> rest) throws Exception {
        return h2c(clientPort, new byte[0], END_HEADERS | END_STREAM, block(":method", "GET", ":scheme", "http",
                ":path", "/api/status", ":authority", "192.168.2.22:12656"), rest);
    }

    /** Literal header fields without indexing, new names, no Huffman (RFC 7541 §6.2.2); strings under 127 octets. */
    private static byte[] block(String... nv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nv.length; i += 2) {
            out.write(0x00);
            for (String s : new String[] {nv[i], nv[i + 1]}) {
                byte[] b = s.getBytes(StandardCharsets.US_ASCII);
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
