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
}
