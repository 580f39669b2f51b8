package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.file.PcapWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic capture whose request carries a Cookie, an Authorization bearer token and a ?token= query value, and
 * whose response sets a cookie and redirects to a URL with an access_key: no format may contain any of the secrets
 * (every file, every stdout rendering, and the re-rendering of the saved report). With --no-redact they are there,
 * which shows the test looks in the right place.
 */
class RedactionFormatsTest {

    private static final List<String> SECRETS = List.of("S3cretCookieValue", "BearerS3cretTok", "QueryS3cretTok",
            "SetCookieS3cret", "RedirectS3cretKey");

    @TempDir
    Path tmp;

    @Test
    void noSecretInAnyFormat() throws IOException {
        Path pcap = capture();
        Path json = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", pcap.toString(), "--body-bytes", "256", "--format", "json", "-o", json.toString(),
                "--format", "markdown", "-o", tmp.resolve("r.md").toString(), "--format", "har", "-o",
                tmp.resolve("r.har").toString(), "--format", "ndjson", "-o", tmp.resolve("r.ndjson").toString(),
                "--format", "text", "-o", tmp.resolve("r.txt").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(CliRun.readJson(json).path("summary").path("transactions").asInt()).isEqualTo(1);
        StringBuilder all = new StringBuilder(run.out());
        for (String ext : List.of("json", "md", "har", "ndjson", "txt")) {
            String text = Files.readString(tmp.resolve("r." + ext));
            assertThat(text).as(ext).contains("redacted");
            all.append(text);
        }
        for (String format : List.of("json", "ndjson", "markdown", "har", "text")) {
            all.append(CliRun.run("analyze", pcap.toString(), "--format", format).out());
            all.append(CliRun.run("report", json.toString(), "--format", format).out());
        }
        for (String secret : SECRETS) {
            assertThat(all.toString()).as(secret).doesNotContain(secret);
        }
        String unredacted = CliRun.run("analyze", pcap.toString(), "--no-redact", "--format", "har").out();
        for (String secret : SECRETS) {
            assertThat(unredacted).as("--no-redact keeps " + secret).contains(secret);
        }
    }

    private Path capture() throws IOException {
        Path file = tmp.resolve("secrets.pcap");
        try (Wire w = new Wire(file)) {
            w.open();
            w.client("GET /api/items?page=2&token=QueryS3cretTok HTTP/1.1\r\nHost: dash.example\r\n"
                    + "Cookie: session=S3cretCookieValue; theme=dark\r\nAuthorization: Bearer BearerS3cretTok\r\n\r\n");
            w.server("HTTP/1.1 302 Found\r\nSet-Cookie: sid=SetCookieS3cret; HttpOnly\r\n"
                    + "Location: https://dash.example/next?access_key=RedirectS3cretKey\r\nContent-Length: 0\r\n\r\n");
            w.fin(true);
            w.fin(false);
        }
        return file;
    }

    /** One IPv4/TCP connection 127.0.0.1:40000 → 127.0.0.1:12656 on Ethernet, like tcpdump -i lo. */
    static final class Wire implements AutoCloseable {
        private final PcapWriter writer;
        private long nanos = 1_795_635_572_000_000_000L;
        private long clientSeq = 1000;
        private long serverSeq = 5000;

        Wire(Path file) throws IOException {
            writer = PcapWriter.create(file, 1);
        }

        void open() {
            send(true, 0x02, new byte[0]);
            clientSeq++;
            send(false, 0x12, new byte[0]);
            serverSeq++;
            send(true, 0x10, new byte[0]);
        }

        void client(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            send(true, 0x18, b);
            clientSeq += b.length;
        }

        void server(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            send(false, 0x18, b);
            serverSeq += b.length;
        }

        void fin(boolean fromClient) {
            send(fromClient, 0x11, new byte[0]);
            if (fromClient) {
                clientSeq++;
            } else {
                serverSeq++;
            }
        }

        private void send(boolean fromClient, int flags, byte[] payload) {
            nanos += 100_000;
            byte[] tcp = new byte[20 + payload.length];
            put16(tcp, 0, fromClient ? 40000 : 12656);
            put16(tcp, 2, fromClient ? 12656 : 40000);
            put32(tcp, 4, fromClient ? clientSeq : serverSeq);
            put32(tcp, 8, (flags & 0x10) != 0 ? (fromClient ? serverSeq : clientSeq) : 0);
            tcp[12] = 0x50;
            tcp[13] = (byte) flags;
            put16(tcp, 14, 65535);
            System.arraycopy(payload, 0, tcp, 20, payload.length);
            byte[] ip = new byte[20 + tcp.length];
            ip[0] = 0x45;
            put16(ip, 2, ip.length);
            ip[8] = 64;
            ip[9] = 6;
            byte[] lo = {127, 0, 0, 1};
            System.arraycopy(lo, 0, ip, 12, 4);
            System.arraycopy(lo, 0, ip, 16, 4);
            int sum = 0;
            for (int i = 0; i < 20; i += 2) {
                sum += (ip[i] & 0xff) << 8 | ip[i + 1] & 0xff;
            }
            sum = (sum & 0xffff) + (sum >>> 16);
            put16(ip, 10, ~sum & 0xffff);
            System.arraycopy(tcp, 0, ip, 20, tcp.length);
            byte[] frame = new byte[14 + ip.length];
            put16(frame, 12, 0x0800);
            System.arraycopy(ip, 0, frame, 14, ip.length);
            writer.packet(nanos, frame);
        }

        private static void put16(byte[] b, int at, int v) {
            b[at] = (byte) (v >> 8);
            b[at + 1] = (byte) v;
        }

        private static void put32(byte[] b, int at, long v) {
            put16(b, at, (int) (v >> 16) & 0xffff);
            put16(b, at + 2, (int) v & 0xffff);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
