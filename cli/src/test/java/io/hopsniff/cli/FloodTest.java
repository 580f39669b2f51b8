package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.LoopbackPcap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The floods of the security review, generated here at a size CI can afford and analysed by a separate JVM with a
 * heap far below the launcher's 1 GiB: each run must end normally (exit 0, no hang: every test has a timeout),
 * with the limit it hit named and counted in {@code summary.limits_hit}.
 */
class FloodTest {

    @TempDir
    Path tmp;

    /**
     * 50 000 pipelined requests that are never answered. Past --max-pending-requests (1000) the oldest is given up
     * each time: 49 000 hits, every request still reported, none paired with anything.
     */
    @Test
    @Timeout(180)
    void pipelinedRequestsNeverAnswered() throws Exception {
        Path pcap = tmp.resolve("pipelined.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            LoopbackPcap.Conn c = w.connection(40300).open();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 50_000; i++) {
                burst.append("GET /r/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
                if (burst.length() > 8000) {
                    c.client(burst.toString());
                    burst.setLength(0);
                }
            }
            c.client(burst.toString());
        }
        JsonNode r = analyse(pcap, "-Xmx128m");
        assertThat(r.at("/summary/transactions").asLong()).isEqualTo(50_000);
        assertThat(r.at("/summary/limits_hit/HTTP_PENDING_LIMIT").asLong()).isEqualTo(49_000);
        assertThat(r.at("/summary/responses").asLong()).isZero();
        assertThat(r.at("/summary/unanswered").asLong()).isEqualTo(50_000);
    }

    /**
     * Four connections, each sending 100 000 one-byte segments after a one-byte hole that never fills, in reverse
     * order. Each held segment is charged what holding it costs, so the per-direction budget holds about 16 000 of
     * them and the total budget (2 MiB here) stops the rest; holding them stays cheap to insert (this took minutes
     * when each insertion walked the held list).
     */
    @Test
    @Timeout(180)
    void tinySegmentsAfterAHoleThatNeverFills() throws Exception {
        Path pcap = tmp.resolve("tiny.pcap");
        byte[] one = {'x'};
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int k = 0; k < 4; k++) {
                LoopbackPcap.Conn c = w.connection(40400 + k).open();
                c.client("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 200000\r\n\r\n");
                for (int i = 100_000; i >= 1; i--) {
                    c.clientAhead(i, one);
                }
            }
        }
        JsonNode r = analyse(pcap, "-Xmx96m", "--max-reassembly-total", "2097152");
        assertThat(r.at("/summary/transactions").asLong()).isEqualTo(4);
        assertThat(r.at("/summary/limits_hit/TCP_REASSEMBLY_LIMIT").asLong()).isGreaterThan(4);
    }

    /**
     * An HPACK amplification on prior-knowledge HTTP/2: one 4 000-byte field is put in the dynamic table, then
     * 10 000 HEADERS blocks of 203 bytes each refer to it 200 times. Decoded in full they are 8 GB of header
     * fields (655 MB even cut to the 64 KiB header-list bound of each block); the 4 MiB per-direction budget keeps
     * the report small.
     */
    @Test
    @Timeout(180)
    void hpackAmplificationKeepsTheReportSmall() throws Exception {
        Path pcap = tmp.resolve("hpack.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            LoopbackPcap.Conn c = w.connection(40500).open();
            c.client("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.client(frame(4, 0, 0, new byte[0]));
            c.server(frame(4, 0, 0, new byte[0]));
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.write(new byte[] {(byte) 0x82, (byte) 0x84, (byte) 0x86});
            first.write(new byte[] {0x40, 6});
            first.write("x-bomb".getBytes(StandardCharsets.US_ASCII));
            first.write(new byte[] {0x7f, (byte) 0xa1, 0x1e}); // 4000 = 127 + 3873 (RFC 7541 §5.1)
            first.write("a".repeat(4000).getBytes(StandardCharsets.US_ASCII));
            c.client(frame(1, 0x05, 1, first.toByteArray()));
            byte[] block = new byte[203];
            block[0] = (byte) 0x82;
            block[1] = (byte) 0x84;
            block[2] = (byte) 0x86;
            for (int i = 3; i < block.length; i++) {
                block[i] = (byte) 0xbe; // indexed: the first dynamic-table entry (62)
            }
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int s = 3; s < 3 + 2 * 10_000; s += 2) {
                burst.write(frame(1, 0x05, s, block));
                if (burst.size() > 8000) {
                    c.client(burst.toByteArray());
                    burst.reset();
                }
            }
            c.client(burst.toByteArray());
        }
        Path report = tmp.resolve("hpack.json");
        JsonNode r = analyse(pcap, report, "-Xmx128m");
        assertThat(r.at("/summary/transactions").asLong()).isEqualTo(10_001);
        assertThat(r.at("/summary/limits_hit/H2_DECODED_HEADERS_LIMIT").asLong()).isPositive();
        assertThat(Files.size(report)).isLessThan(40L << 20);
    }

    /**
     * 60 000 SYNs, never answered, with room for 5 000 connections: every SYN opens a connection and each one past
     * the limit evicts the least recently active — 55 000 evictions, each counted.
     */
    @Test
    @Timeout(180)
    void synFloodPastTheConnectionLimit() throws Exception {
        Path pcap = tmp.resolve("syns.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int port = 1024; port < 1024 + 60_000; port++) {
                w.connection(port).syn();
            }
        }
        JsonNode r = analyse(pcap, "-Xmx96m", "--max-connections", "5000");
        assertThat(r.at("/summary/limits_hit/TCP_CONNECTION_LIMIT").asLong()).isEqualTo(55_000);
    }

    private JsonNode analyse(Path pcap, String heap, String... options) throws Exception {
        return analyse(pcap, tmp.resolve(pcap.getFileName() + ".json"), heap, options);
    }

    private JsonNode analyse(Path pcap, Path report, String heap, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "analyze", pcap.toString(), "-o", report.toString(), "-q"));
        cmd.addAll(List.of(options));
        Path out = tmp.resolve(pcap.getFileName() + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(170, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("analysis of " + pcap.getFileName() + " did not finish");
        }
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        return CliRun.readJson(report);
    }

    /** An HTTP/2 frame (RFC 9113 §4.1). */
    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >> 16);
        f[1] = (byte) (payload.length >> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24 & 0x7f);
        f[6] = (byte) (stream >> 16);
        f[7] = (byte) (stream >> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }
}
