package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 on real captures: what a connection carries is decided by the bytes, whatever they start with. The
 * captures were recorded here from Debian's own servers and clients (scripts/record.d/record-other-protocols.sh,
 * their logs beside them) or cut from a recorded one with editcap; the expected values come from those logs and
 * from tshark 4.0.17's decoding of the same files (quoted at each test).
 */
class StreamDetectionTest {

    @TempDir
    Path tmp;

    private JsonNode analyze(Path capture) throws Exception {
        Path out = tmp.resolve(capture.getFileName() + ".json");
        CliRun run = CliRun.run("analyze", capture.toString(), "-o", out.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = CliRun.readJson(out);
        SchemaCheck.assertValid(report);
        return report;
    }

    private static List<String> exchanges(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : report.get("transactions")) {
            out.add(t.at("/request/method").asText() + " " + t.at("/request/target").asText() + " "
                    + t.at("/response/status").asText("-"));
        }
        return out;
    }

    private static JsonNode connectionTo(JsonNode report, String server) {
        for (JsonNode c : report.get("connections")) {
            if (c.get("server").asText().equals(server)) {
                return c;
            }
        }
        throw new AssertionError("no connection to " + server + " in " + report.get("connections"));
    }

    private static List<String> anomalyIds(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("anomalies").forEach(a -> out.add(a.get("id").asText()));
        return out;
    }

    /**
     * SMTP (python smtpd), FTP (pyftpdlib), POP3 and IMAP (Twisted), Redis and SSH: tshark finds no HTTP request or
     * response in this capture (-Y "http.request or http.response": nothing). Each connection is named from its
     * first lines instead of becoming bogus requests ("EHLO", "USER", "SSH-2.0-...", an IMAP tag).
     */
    @Test
    void lineProtocolsAreNamedNotTakenForHttp() throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve("other-protocols.pcap"));
        assertThat(report.get("transactions")).isEmpty();
        assertThat(connectionTo(report, "127.0.0.1:2525").get("protocol").asText()).isEqualTo("smtp");
        assertThat(connectionTo(report, "127.0.0.1:2121").get("protocol").asText()).isEqualTo("ftp");
        assertThat(connectionTo(report, "127.0.0.1:1110").get("protocol").asText()).isEqualTo("pop3");
        assertThat(connectionTo(report, "127.0.0.1:1143").get("protocol").asText()).isEqualTo("imap");
        assertThat(connectionTo(report, "127.0.0.1:2222").get("protocol").asText()).isEqualTo("ssh");
        List<String> redis = new ArrayList<>();
        for (JsonNode c : report.get("connections")) {
            if (c.get("server").asText().equals("127.0.0.1:6380")) {
                redis.add(c.get("protocol").asText());
                assertThat(c.get("exchanges").asInt()).isZero();
            }
        }
        assertThat(redis).containsExactly("redis", "redis"); // redis-cli SET, then GET
        assertThat(anomalyIds(report)).doesNotContain("HTTP_BAD_REQUEST_LINE", "HTTP_NO_RESPONSE");
    }

    /**
     * curl through microsocks (SOCKS5, by address and by name) and Dante (SOCKS4; SOCKS4a by name, which Dante
     * refused: curl "request rejected or failed (91)"). tshark decodes the SOCKS5 targets (socks.dst 127.0.0.1 /
     * socks.remote_name localhost, port 12656) and after each granted handshake GET /api/status answered 200.
     */
    @Test
    void httpAfterASocksHandshakeIsDecodedWithItsTarget() throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve("socks-then-http.pcap"));
        assertThat(exchanges(report)).containsExactly("GET /api/status 200", "GET /api/status 200",
                "GET /api/status 200");
        List<String> preambles = new ArrayList<>();
        for (JsonNode c : report.get("connections")) {
            JsonNode p = c.get("preamble");
            preambles.add(p.get("kind").asText() + " " + p.get("target").asText() + " " + p.get("status").asText()
                    + " " + c.get("protocol").asText());
        }
        assertThat(preambles).containsExactly(
                "socks5 127.0.0.1:12656 succeeded http/1.1",
                "socks5 localhost:12656 succeeded http/1.1",
                "socks4 127.0.0.1:12656 granted http/1.1",
                "socks4a localhost:12656 rejected socks");
        assertThat(anomalyIds(report)).containsOnlyOnce("HTTP_SOCKS_REFUSED");
    }

    /**
     * HAProxy sends nginx a PROXY protocol v1 line, then a v2 header (send-proxy / send-proxy-v2). tshark's proxy
     * dissector: v1 from 127.0.0.1:49914 to 127.0.0.1:18081, v2 from 127.0.0.1:36154 to 127.0.0.1:18082; then
     * GET /api/status answered 200 on each.
     */
    @Test
    void httpAfterAProxyProtocolHeaderIsDecodedWithTheOriginalAddresses() throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve("proxy-protocol.pcap"));
        assertThat(exchanges(report)).containsExactly("GET /api/status 200", "GET /api/status 200");
        JsonNode v1 = report.at("/connections/0/preamble");
        JsonNode v2 = report.at("/connections/1/preamble");
        assertThat(List.of(v1.get("kind").asText(), v1.get("source").asText(), v1.get("target").asText()))
                .containsExactly("proxy-v1", "127.0.0.1:49914", "127.0.0.1:18081");
        assertThat(List.of(v2.get("kind").asText(), v2.get("source").asText(), v2.get("target").asText()))
                .containsExactly("proxy-v2", "127.0.0.1:36154", "127.0.0.1:18082");
        assertThat(anomalyIds(report)).doesNotContain("HTTP_BAD_REQUEST_LINE", "HTTP_NOT_HTTP");
    }

    /**
     * samples/midstream-curl-keepalive.pcap is samples/curl-keepalive-chunked.pcap from frame 7 on (editcap -r
     * 7-36): the capture starts after the first request, in the middle of its response's body (287 bytes, tshark's
     * tcp.len of the cut file's frame 2). tshark still finds the five later exchanges, and so must hopsniff.
     */
    @Test
    void aCaptureStartingMidBodyRecoversAtTheNextMessage() throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve("midstream-curl-keepalive.pcap"));
        assertThat(exchanges(report)).containsExactly("GET /api/status 200", "GET /api/status?verbose=1 200",
                "POST /api/echo 200", "GET /stream 200", "HEAD /api/status 405");
        List<String> skipped = new ArrayList<>();
        report.get("anomalies").forEach(a -> {
            if (a.get("id").asText().equals("HTTP_RESYNC_SKIPPED")) {
                skipped.add(a.get("detail").asText());
            }
        });
        assertThat(skipped).containsExactly("direction=s2c, skipped=287");
    }

    /**
     * Recorded with TCP keep-alive after 1 s idle and cut to start at the first probe (Linux: SND.NXT-1, no
     * payload; tshark flags it "TCP keep-alive segment"). tshark then finds GET /api/status?after=idle → 200.
     */
    @Test
    void aCaptureStartingOnKeepAliveProbesFindsTheNextRequest() throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve("keepalive-probe-first.pcap"));
        assertThat(exchanges(report)).containsExactly("GET /api/status?after=idle 200");
        JsonNode c = report.at("/connections/0");
        assertThat(c.at("/c2s/gaps").asInt()).isZero();
        assertThat(c.at("/c2s/delivered_bytes").asInt()).isEqualTo(62); // tshark: the request's tcp.len
    }

    /**
     * corpus suri-http2-errorcode: on the proxy's connection to the gRPC backend (63578 → 6233) the server's
     * SETTINGS (frame 13) comes before the client's preface (frame 23). tshark's HTTP/2 decoding
     * (suri-http2-errorcode.h2.tsv): POST /helloworld.GreeterService/SayHello on stream 1, answered 200.
     */
    @Test
    void http2IsFoundWhenTheServersSettingsComeFirst() throws Exception {
        JsonNode report = analyze(RepoPaths.corpus().resolve("suri-http2-errorcode.pcap"));
        JsonNode backend = connectionTo(report, "127.0.0.1:6233");
        assertThat(backend.get("protocol").asText()).isEqualTo("http2");
        assertThat(backend.at("/http2/client_preface_seen").asBoolean()).isTrue();
        List<String> onBackend = new ArrayList<>();
        for (JsonNode t : report.get("transactions")) {
            if (t.get("connection").asLong() == backend.get("id").asLong()) {
                onBackend.add(t.at("/request/method").asText() + " " + t.at("/request/target").asText() + " "
                        + t.at("/response/status").asText());
            }
        }
        assertThat(onBackend).containsExactly("POST /helloworld.GreeterService/SayHello 200");
    }

    /**
     * samples/midstream-websocket.pcap is samples/caddy-ws-ok.pcap from frame 39 on (editcap -r 39-78): both legs'
     * 101 are behind the start, the frames are not. tshark, told the ports carry WebSocket (-d
     * tcp.port==12656,websocket -d tcp.port==18080,websocket), shows on each leg 2 client frames (text, close) and 4
     * server frames (3 text, close); without -d it shows none. Each side's frames are unambiguous (masked from the
     * client, unmasked from the server), so hopsniff reads them with no hint, and the browser's RSV1 (deflate
     * agreed in the unseen handshake) is not held against it.
     */
    @Test
    void aWebSocketWhoseHandshakeWasNotCapturedIsReadFromItsFrames() throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve("midstream-websocket.pcap"));
        List<String> sessions = new ArrayList<>();
        for (JsonNode c : report.get("connections")) {
            JsonNode ws = c.get("websocket");
            if (ws != null) {
                sessions.add(c.get("server").asText() + " " + c.get("protocol").asText() + " c2s "
                        + ws.at("/c2s/frames").asInt() + " text " + ws.at("/c2s/opcodes/text").asInt() + " close "
                        + ws.at("/c2s/opcodes/close").asInt() + " s2c " + ws.at("/s2c/frames").asInt() + " text "
                        + ws.at("/s2c/opcodes/text").asInt() + " close " + ws.at("/s2c/opcodes/close").asInt());
            }
        }
        assertThat(sessions).containsExactlyInAnyOrder(
                "127.0.0.1:12656 websocket c2s 2 text 1 close 1 s2c 4 text 3 close 1",
                "127.0.0.1:18080 websocket c2s 2 text 1 close 1 s2c 4 text 3 close 1");
        assertThat(anomalyIds(report)).doesNotContain("WS_RSV_BITS_UNNEGOTIATED", "WS_FRAMES_UNDECODABLE");
    }

    /**
     * A server that only pushes (RFC 6455 §5.7's unmasked "Hello" text frames) on a connection whose handshake is
     * not there: one side's frames are not enough to call it WebSocket, --decode-as PORT=websocket is (tshark's -d).
     */
    @Test
    void decodeAsReadsAOneSidedWebSocket() throws Exception {
        Path file = tmp.resolve("push.pcap");
        byte[] hello = {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
        try (io.hopsniff.testkit.LoopbackPcap pcap = new io.hopsniff.testkit.LoopbackPcap(file)) {
            io.hopsniff.testkit.LoopbackPcap.Conn c = pcap.connection(40001, 12656).open();
            for (int i = 0; i < 3; i++) {
                c.server(hello);
            }
            c.fin(false).fin(true);
        }
        JsonNode plain = analyze(file);
        assertThat(plain.get("connections")).isEmpty(); // not HTTP, not named: not listed
        Path out = tmp.resolve("forced.json");
        CliRun run = CliRun.run("analyze", file.toString(), "--decode-as", "12656=websocket", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode forced = CliRun.readJson(out);
        SchemaCheck.assertValid(forced);
        assertThat(forced.at("/connections/0/protocol").asText()).isEqualTo("websocket");
        assertThat(forced.at("/connections/0/websocket/s2c/frames").asInt()).isEqualTo(3);
        assertThat(forced.at("/connections/0/websocket/s2c/opcodes/text").asInt()).isEqualTo(3);
        assertThat(CliRun.run("analyze", file.toString(), "--decode-as", "12656=http2").exitCode()).isEqualTo(2);
    }

    /**
     * Mid-stream, a backend that masks its frames speaks first (no handshake in the capture). The masked client's
     * frames (RFC 6455 §5.7's masked "Hello") follow. With --server naming the backend the roles are known, so the
     * masked frames from the backend are its violation (§5.1), not a sign that the roles were guessed wrong; the
     * connection keeps the backend as its server.
     */
    @Test
    void aMaskingBackendNamedByServerStaysTheServer() throws Exception {
        Path file = tmp.resolve("masking-backend.pcap");
        byte[] maskedHello = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        try (io.hopsniff.testkit.LoopbackPcap pcap = new io.hopsniff.testkit.LoopbackPcap(file)) {
            pcap.connection(40002, 12656).server(maskedHello).client(maskedHello).server(maskedHello)
                    .client(maskedHello).fin(false).fin(true);
        }
        Path out = tmp.resolve("masking-backend.json");
        CliRun run = CliRun.run("analyze", file.toString(), "--server", "127.0.0.1:12656", "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = CliRun.readJson(out);
        JsonNode c = connectionTo(report, "127.0.0.1:12656");
        assertThat(c.get("protocol").asText()).isEqualTo("websocket");
        assertThat(c.at("/websocket/s2c/frames").asInt()).isEqualTo(2);
        assertThat(c.at("/websocket/c2s/frames").asInt()).isEqualTo(2);
        assertThat(anomalyIds(report)).contains("WS_SERVER_FRAME_MASKED").doesNotContain("WS_CLIENT_FRAME_UNMASKED");
        assertThat(report.at("/diagnoses/0/id").asText()).isEqualTo("DIAG_WEBSOCKET_PROTOCOL_ERROR");
    }

    /**
     * A raw server answered /zero-padded with "HTTP/1.1 0200 OK" and /letters with "HTTP/1.1 2XX OK" (curl refused
     * both: "Unsupported response code"), /normal with 200. tshark pairs each request with its response too (it
     * reads the first three characters: 20, 2 and 200; docs/known-differences.md). hopsniff keeps both odd ones
     * paired, with the status the code spells (200) or 0, and names each with its raw text.
     */
    @Test
    void oddStatusCodesKeepTheResponsePaired() throws Exception {
        JsonNode report = analyze(RepoPaths.samples().resolve("odd-status.pcap"));
        assertThat(exchanges(report)).containsExactly("GET /zero-padded 200", "GET /letters 0", "GET /normal 200");
        List<String> odd = new ArrayList<>();
        report.get("anomalies").forEach(a -> {
            if (a.get("id").asText().equals("HTTP_MALFORMED_STATUS_CODE")) {
                odd.add(a.get("detail").asText());
            }
        });
        assertThat(odd).containsExactly("expected=3DIGIT status-code, found=0200, reported as=200",
                "expected=3DIGIT status-code, found=2XX, reported as=0");
        assertThat(anomalyIds(report)).doesNotContain("HTTP_NO_RESPONSE", "HTTP_BAD_STATUS_LINE");
    }
}
