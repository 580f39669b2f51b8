package io.hopsniff.report.diagnosis;

import io.hopsniff.testkit.LoopbackPcap;

import static io.hopsniff.report.diagnosis.Diag.analyze;
import static io.hopsniff.report.diagnosis.Diag.has;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Diagnoses that no real capture shows yet, from synthetic pcaps carrying the wire bytes the reference
 * ({@code shared/reference/peers-and-failure-modes.md} §2.2/§2.3, uvicorn 0.17.6 probes) reports, framed like
 * {@code samples/} (Caddy 2.6.2's upstream header names and order). To be replaced by real Caddy recordings.
 */
class SyntheticCaptureTest {

    /** What Caddy 2.6.2 sent upstream for the WebSocket in samples/dashboard-incident.pcap, path parameterised. */
    static String caddyHandshake(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nUser-Agent: Python/3.11 websockets/10.4\r\n"
                + "Connection: Upgrade\r\nSec-Websocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                + "Sec-Websocket-Key: hLGYivjSjtsHp1Dtmo1UQg==\r\nSec-Websocket-Version: 13\r\nUpgrade: websocket\r\n"
                + "X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Host: 127.0.0.1:18080\r\nX-Forwarded-Proto: http\r\n"
                + "Accept-Encoding: gzip\r\n\r\n";
    }

    @Test
    void routeRejected403() throws Exception {
        // Reference §2.2 "valid upgrade, wrong path" (h11 + websockets): 403 Forbidden, Content-Length 0,
        // Connection: close, Server: Python/3.11 websockets/10.4; headers laid out like the websockets 10.4
        // 400 in samples/direct-invalid-key.pcap.
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40001).open().client(caddyHandshake("/wss/abc123"))
                    .server("HTTP/1.1 403 Forbidden\r\nDate: Wed, 25 Nov 2026 19:39:26 GMT\r\n"
                            + "Server: Python/3.11 websockets/10.4\r\nContent-Length: 0\r\nContent-Type: text/plain\r\n"
                            + "Connection: close\r\n\r\n").fin(false).fin(true);
            w.close();
            List<Diagnosis> out = analyze(w.file, DiagnosisSettings.withRoutes(List.of("/ws/{session_id}")));
            Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED);
            assertThat(d.verdict()).contains("GET /wss/abc123 got 403").contains("matches none of the routes given");
        }
    }

    @Test
    void proxyStrippedUpgrade() throws Exception {
        // Reference §2.2 "Sec-WebSocket-Key present, Upgrade/Connection stripped": 404 {"detail":"Not Found"};
        // the 404's header lines as uvicorn 0.17.6 wrote them in samples/direct-connect.pcap.
        String request = "GET /ws/abc123 HTTP/1.0\r\nHost: 127.0.0.1:12656\r\nConnection: close\r\n"
                + "Sec-WebSocket-Key: hLGYivjSjtsHp1Dtmo1UQg==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40002).open().client(request)
                    .server("HTTP/1.1 404 Not Found\r\ndate: Wed, 25 Nov 2026 19:39:28 GMT\r\nserver: uvicorn\r\n"
                            + "content-length: 22\r\ncontent-type: application/json\r\n\r\n{\"detail\":\"Not Found\"}")
                    .fin(false).fin(true);
            w.close();
            Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_PROXY_STRIPPED_UPGRADE);
            assertThat(d.verdict()).contains("HTTP/1.0").contains("404");
        }
    }

    @Test
    void h2cPrefaceToHttp1Backend() throws Exception {
        // Reference §2.2 "h2 preface" on h11: 404 JSON for "PRI *", then 400 "Invalid HTTP request received."
        // (RemoteProtocolError on "SM"), then close. Preface + empty SETTINGS frame as RFC 9113 §3.4.
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
        byte[] first = new byte[preface.length + settings.length];
        System.arraycopy(preface, 0, first, 0, preface.length);
        System.arraycopy(settings, 0, first, preface.length, settings.length);
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40003).open().client(first)
                    .server("HTTP/1.1 404 Not Found\r\ndate: Wed, 25 Nov 2026 19:39:28 GMT\r\nserver: uvicorn\r\n"
                            + "content-length: 22\r\ncontent-type: application/json\r\n\r\n{\"detail\":\"Not Found\"}"
                            + "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
                            + "connection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "1d\r\nInvalid HTTP request received.\r\n0\r\n\r\n")
                    .fin(false).fin(true);
            w.close();
            Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_H2C_TO_HTTP1_BACKEND);
            assertThat(d.verdict()).contains("HTTP/2 preface").contains("answered in HTTP/1.x");
        }
    }

    @Test
    void websocketResetAfterUpgrade() throws Exception {
        // A 101 as uvicorn 0.17.6 + websockets 10.4 sent it in samples/caddy-ws-ok.pcap (accept for the key
        // above), one server text frame, then the backend resets the connection (process killed): no close frame.
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40004).open().client(caddyHandshake("/ws/abc123"))
                    .server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + Handshakes.expectedAccept("hLGYivjSjtsHp1Dtmo1UQg==") + "\r\n"
                            + "Date: Wed, 25 Nov 2026 19:39:21 GMT\r\nServer: Python/3.11 websockets/10.4\r\n\r\n")
                    .server(new byte[] {(byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o'});
            w.advance(30_000);
            w.connection(40004).rst(false);
            w.close();
            Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE);
            assertThat(d.verdict()).contains("RST");
        }
    }

    /**
     * The proxy's side drops the WebSocket with a FIN and no close frame after 60 s without frames: nginx's default
     * proxy_read_timeout (nginx.org, ngx_http_proxy_module) and an AWS ALB's default idle timeout are 60 s; at 30 s
     * the verdict names no timeout.
     */
    @Test
    void aProxyDroppingAWebSocketAfterSixtySilentSecondsIsNamedAsAnIdleTimeout() throws Exception {
        for (int silent : new int[] {60, 30}) {
            try (LoopbackPcap w = new LoopbackPcap()) {
                w.connection(40014).open().client(caddyHandshake("/ws/abc123"))
                        .server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Accept: " + Handshakes.expectedAccept("hLGYivjSjtsHp1Dtmo1UQg==")
                                + "\r\n\r\n")
                        .server(new byte[] {(byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o'});
                w.advance(silent * 1000L);
                w.connection(40014).fin(true).fin(false);
                w.close();
                Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE);
                assertThat(d.verdict()).contains("was ended by the proxy with a TCP FIN and no close frame after "
                        + silent + ".0 s without frames");
                assertThat(d.verdict().contains("nginx's default proxy_read_timeout")).isEqualTo(silent == 60);
                assertThat(d.causes().get(0)).startsWith("the proxy closed an idle stream");
            }
        }
    }

    @Test
    void backendUnreachable() throws Exception {
        // RFC 9293 §3.5: a SYN to a port nothing listens on is answered by RST/ACK (what Linux does on lo);
        // Caddy retries, so two attempts.
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40005).syn().rst(false);
            w.connection(40006).syn().rst(false);
            w.close();
            Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_BACKEND_UNREACHABLE);
            assertThat(d.verdict()).contains("2 connection attempt(s) to 127.0.0.1:12656 were refused");
        }
    }

    @Test
    void requestWithoutResponse() throws Exception {
        // A GET the backend never answers; the proxy gives up and closes after 60 s (Caddy's default has no
        // response timeout; a client-side timeout closes the upstream connection).
        try (LoopbackPcap w = new LoopbackPcap()) {
            LoopbackPcap.Conn c = w.connection(40007).open().client("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "User-Agent: curl/7.88.1\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n\r\n");
            w.advance(60_000);
            c.fin(true).fin(false);
            w.close();
            Diagnosis d = has(analyze(w.file), DiagnosisId.DIAG_NO_RESPONSE);
            assertThat(d.verdict()).contains("GET /api/status on c1, which then ended with fin");
        }
    }
}
