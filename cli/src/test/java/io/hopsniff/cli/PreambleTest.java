package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.LoopbackPcap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preamble forms the recorded captures (StreamDetectionTest) do not hold, built byte for byte from their
 * specs: PROXY protocol v2 over IPv6 and its LOCAL command, v1 UNKNOWN (HAProxy's proxy-protocol.txt §2.1, §2.2),
 * SOCKS5 with username/password (RFC 1928, RFC 1929), handshakes split across segments, and a malformed header.
 */
class PreambleTest {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final String GET = "GET /ws/abc HTTP/1.1\r\nHost: dash.example\r\n\r\n";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @TempDir
    Path tmp;

    private JsonNode analyze(Path pcap, String... extra) throws Exception {
        Path out = tmp.resolve("r.json");
        String[] args = new String[4 + extra.length];
        args[0] = "analyze";
        args[1] = pcap.toString();
        args[2] = "-o";
        args[3] = out.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = CliRun.readJson(out);
        SchemaCheck.assertValid(report);
        return report;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void proxyV2OverIpv6AndItsLocalCommand() throws Exception {
        Path file = tmp.resolve("v2.pcap");
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        src[0] = 0x20;
        src[1] = 0x01;
        src[2] = 0x0d;
        src[3] = (byte) 0xb8;
        src[15] = 1; // 2001:db8::1
        dst[0] = 0x20;
        dst[1] = 0x01;
        dst[2] = 0x0d;
        dst[3] = (byte) 0xb8;
        dst[15] = 2; // 2001:db8::2
        byte[] tlv = {0x04, 0x00, 0x01, 0x00}; // PP2_TYPE_NOOP with one byte: TLVs are skipped by the length
        byte[] v6 = concat(V2_SIGNATURE, new byte[] {0x21, 0x21, 0x00, (byte) (36 + tlv.length)}, src, dst,
                new byte[] {(byte) 0xC3, 0x50, 0x01, (byte) 0xBB}, tlv); // ports 50000 → 443
        byte[] local = concat(V2_SIGNATURE, new byte[] {0x20, 0x00, 0x00, 0x00}); // LOCAL, no address
        try (LoopbackPcap pcap = new LoopbackPcap(file)) {
            pcap.connection(40001).open().client(concat(v6, ascii(GET))).server(OK).fin(true).fin(false);
            // a health check: header and request in separate segments
            pcap.connection(40002).open().client(local).client(GET).server(OK).fin(true).fin(false);
        }
        JsonNode report = analyze(file);
        assertThat(report.at("/connections/0/preamble").toString()).isEqualTo(
                "{\"kind\":\"proxy-v2\",\"source\":\"[2001:db8:0:0:0:0:0:1]:50000\",\"target\":\"[2001:db8:0:0:0:0:0:2]:443\"}");
        assertThat(report.at("/connections/1/preamble").toString()).isEqualTo("{\"kind\":\"proxy-v2\",\"source\":\"local\"}");
        assertThat(report.get("transactions")).hasSize(2);
        report.get("transactions").forEach(t -> assertThat(t.at("/response/status").asInt()).isEqualTo(200));
        assertThat(report.at("/connections/0/c2s/non_http_bytes").asInt()).isEqualTo(v6.length);
    }

    @Test
    void proxyV1UnknownAndAMalformedHeader() throws Exception {
        Path file = tmp.resolve("v1.pcap");
        try (LoopbackPcap pcap = new LoopbackPcap(file)) {
            pcap.connection(40001).open().client("PROXY UNKNOWN\r\n" + GET).server(OK).fin(true).fin(false);
            // split inside the line: it is read once whole
            pcap.connection(40002).open().client("PROXY TCP4 198.51.100.7 203").client(".0.113.9 51000 80\r\n" + GET)
                    .server(OK).fin(true).fin(false);
            pcap.connection(40003).open().client("PROXY TCP4 only-three words\r\n" + GET).server(OK).fin(true).fin(false);
        }
        JsonNode report = analyze(file);
        assertThat(report.at("/connections/0/preamble/source").asText()).isEqualTo("unknown");
        assertThat(report.at("/connections/1/preamble/source").asText()).isEqualTo("198.51.100.7:51000");
        assertThat(report.at("/connections/1/preamble/target").asText()).isEqualTo("203.0.113.9:80");
        assertThat(report.get("transactions")).hasSize(2); // the malformed one's request is not decoded
        JsonNode bad = report.get("anomalies").get(0);
        assertThat(bad.get("id").asText()).isEqualTo("HTTP_PREAMBLE_MALFORMED");
        assertThat(bad.get("connection").asInt()).isEqualTo(3);
    }

    @Test
    void socks5WithUsernameAndPasswordNeverKeepsTheCredentials() throws Exception {
        Path file = tmp.resolve("socks.pcap");
        String user = "oncall";
        String password = "Hunter2-secret";
        byte[] auth = concat(new byte[] {0x01, (byte) user.length()}, ascii(user), new byte[] {(byte) password.length()},
                ascii(password));
        byte[] request = concat(new byte[] {0x05, 0x01, 0x00, 0x03, 12}, ascii("dash.example"), new byte[] {0x31, 0x70});
        byte[] reply = {0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0x30, 0x39};
        try (LoopbackPcap pcap = new LoopbackPcap(file)) {
            pcap.connection(40001, 1080).open()
                    .client(new byte[] {0x05, 0x02, 0x00, 0x02}).server(new byte[] {0x05, 0x02}) // picks user/pass
                    .client(auth).server(new byte[] {0x01, 0x00})
                    .client(request).server(reply)
                    .client(GET).server(OK).fin(true).fin(false);
            pcap.connection(40002, 1080).open()
                    .client(new byte[] {0x05, 0x01, 0x00}).server(new byte[] {0x05, 0x00})
                    .client(request).server(new byte[] {0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0}) // refused
                    .fin(false).fin(true);
        }
        JsonNode report = analyze(file, "--no-redact");
        assertThat(report.at("/connections/0/preamble").toString())
                .isEqualTo("{\"kind\":\"socks5\",\"target\":\"dash.example:12656\",\"status\":\"succeeded\"}");
        assertThat(report.at("/connections/0/protocol").asText()).isEqualTo("http/1.1");
        assertThat(report.at("/connections/1/preamble/status").asText()).isEqualTo("connection refused");
        assertThat(report.at("/connections/1/protocol").asText()).isEqualTo("socks");
        assertThat(report.get("transactions")).hasSize(1);
        assertThat(Files.readString(tmp.resolve("r.json"))).doesNotContain(password).doesNotContain(user);
    }
}
