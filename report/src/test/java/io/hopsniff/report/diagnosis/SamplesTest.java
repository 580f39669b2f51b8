package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.analyze;
import static io.hopsniff.report.diagnosis.Diag.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real recordings in samples/ (Caddy 2.6.2 + uvicorn 0.17.6, see samples/README.md) and the public corpus. */
class SamplesTest {

    private static Path sample(String name) {
        return Diag.repoRoot().resolve("samples").resolve(name);
    }

    @Test
    void dashboardIncident() throws Exception {
        List<Diagnosis> out = analyze(sample("dashboard-incident.pcap"));
        Diagnosis ws = has(out, DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT);
        assertThat(ws.verdict()).startsWith("GET /ws/abc123 got 400 'Unsupported upgrade request.' from the backend");
        assertThat(ws.evidence()).contains("tx3 c2 > GET /ws/abc123 HTTP/1.1", "tx3 < HTTP/1.1 400 Bad Request",
                "tx3 < body: Unsupported upgrade request. (28 bytes)");
        assertThat(ws.transactions()).containsExactly(3L);
        Diagnosis connect = has(out, DiagnosisId.DIAG_CONNECT_AT_ORIGIN);
        assertThat(connect.verdict()).startsWith("CONNECT 127.0.0.1:443 (authority-form) reached the backend and got 404");
        assertThat(out.stream().map(Diagnosis::id).toList()).containsExactly(
                "DIAG_BACKEND_NO_WEBSOCKET_SUPPORT", "DIAG_CONNECT_AT_ORIGIN");
    }

    @Test
    void noWsLibrary() throws Exception {
        has(analyze(sample("caddy-ws-no-ws-library.pcap")), DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT);
    }

    @Test
    void invalidKey() throws Exception {
        Diagnosis d = has(analyze(sample("direct-invalid-key.pcap")), DiagnosisId.DIAG_INVALID_HANDSHAKE);
        assertThat(d.verdict()).contains("Sec-WebSocket-Key: test").contains("invalid Sec-WebSocket-Key header: test.");
    }

    @Test
    void directConnect() throws Exception {
        Diagnosis d = has(analyze(sample("direct-connect.pcap")), DiagnosisId.DIAG_CONNECT_AT_ORIGIN);
        assertThat(d.transactions()).hasSize(2);
    }

    @Test
    void plainHttpOnly() throws Exception {
        List<Diagnosis> out = analyze(sample("curl-keepalive-chunked.pcap"));
        has(out, DiagnosisId.DIAG_NO_UPGRADE_SEEN);
        assertThat(out).hasSize(1);
    }

    @Test
    void caddyWebSocketOkIsNotAFailure() throws Exception {
        // samples/caddy-ws-ok.expect.json: the WebSocket through Caddy got its 101, the server sent three text
        // messages, the client one, and both sides closed with 1000.
        List<Diagnosis> out = analyze(sample("caddy-ws-ok.pcap"));
        Diag.hasNoErrors(out);
        Diagnosis ok = has(out, DiagnosisId.DIAG_WEBSOCKET_OK);
        assertThat(ok.verdict()).contains("/ws/abc123").contains("1000");
    }

    @Test
    void webSocketsOpenBeforeTheCaptureAreNotAMissingUpgrade() throws Exception {
        // samples/midstream-websocket.pcap is caddy-ws-ok.pcap from frame 39 on: both legs' 101 are behind the start,
        // their frames are not. On the backend leg (port 12656) tshark -d tcp.port==12656,websocket shows 2 frames to
        // the backend (text, close) and 4 from it (3 text, close), and the same on Caddy's port 18080: the upgrades
        // happened, they just are not in the capture. Analysed without legs, both connections are on "this hop".
        List<Diagnosis> out = analyze(sample("midstream-websocket.pcap"));
        assertThat(out).extracting(Diagnosis::id).doesNotContain("DIAG_NO_UPGRADE_SEEN");
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_ALREADY_OPEN);
        assertThat(out.get(0).id()).isEqualTo(d.id());
        assertThat(d.verdict()).startsWith("2 WebSocket connection(s) on this hop were open before the capture began")
                .contains("6 frame(s) (2 to the backend, 4 from it)").contains("clean close 1000");
        Diag.hasNoErrors(out);
    }

    @Test
    void zeekWrongAccept() throws Exception {
        // corpus MANIFEST: a 101 with a wrong Sec-WebSocket-Accept, then only the server's ping; the client sends
        // no frame and the connection is reset: it refused the handshake, which is the whole story
        Path file = RepoPaths.corpus().resolve("zeek-websocket-wrong-accept-header.pcap");
        List<Diagnosis> out = analyze(file);
        Diagnosis d = has(out, DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(d.verdict()).contains("-wrong");
        assertThat(out).extracting(Diagnosis::id).containsExactly("DIAG_UPGRADE_ACCEPT_MISMATCH");
    }

    @Test
    void aRefusedSubprotocolEndsThereNotInAnIdleTimeout() throws Exception {
        // samples/lab-subprotocol-ignored: Chromium refused uvicorn's 101 (no subprotocol) and dropped the
        // connection at once; no close handshake, but no idle timeout or reload either
        List<Diagnosis> out = analyze(sample("lab-subprotocol-ignored.pcap"));
        assertThat(out).extracting(Diagnosis::id).containsExactly("DIAG_UPGRADE_ACCEPT_MISMATCH");
    }

    @Test
    void zeekClientOverItsSizeLimitClosesWithAnErrorNotOk() throws Exception {
        // tshark on the corpus capture (.ws.tsv): the server's 4-byte ping, then the client's close 1009 first
        // (frame 10, reason "over size limit (4 > 2 bytes)"), answered with 1000: a completed close handshake in
        // which the client gave up on the backend's message, not a healthy WebSocket
        List<Diagnosis> out = analyze(RepoPaths.corpus().resolve("zeek-websocket-message-too-big-status.pcap"));
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR);
        assertThat(out).extracting(Diagnosis::id).containsExactly("DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR");
        assertThat(d.verdict()).contains("1009 (Message Too Big) and reason \"over size limit (4 > 2 bytes)\" after 1"
                + " other frame(s) from the backend");
        assertThat(d.causes().get(0)).startsWith("a backend message is over the client's own size limit");
    }

    @Test
    void aMessageTooBigIsMeasuredAsTheBackendCountsIt() throws Exception {
        // samples/lab-message-too-big.expect.json: the client sent 8192 'x' to uvicorn --ws-max-size 4096, which
        // closed with 1009; tshark shows that text frame with RSV1 and a 25-byte payload (permessage-deflate)
        List<Diagnosis> out = analyze(sample("lab-message-too-big.pcap"));
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
        assertThat(d.verdict()).contains("1009 (Message Too Big)")
                .contains("the largest message to it was 8192 bytes (25 on the wire, compressed)");
    }
}
