package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.Http2Bytes;
import io.hopsniff.testkit.LoopbackPcap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 50_000; i++) {
                requests.append("GET /r/").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
            }
            c.client(requests.toString().getBytes(StandardCharsets.US_ASCII), 8000);
        }
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx128m");
        assertThat(r.at("/summary/transactions").asLong()).isEqualTo(50_000);
        assertThat(r.at("/summary/limits_hit/HTTP_PENDING_LIMIT").asLong()).isEqualTo(49_000);
        assertThat(r.at("/summary/responses").asLong()).isZero();
        assertThat(r.at("/summary/unanswered").asLong()).isEqualTo(50_000);
    }

    /**
     * Four connections, each sending 100 000 one-byte segments, interleaved and in reverse order, after a one-byte
     * hole that never fills. Each held segment is charged what holding it costs (its byte plus 64), so a direction
     * holds about 16 000 of them before its hole is declared a gap, and the total budget (2 MiB here, about 32 000
     * segments) is shared by all four; the later segments are behind the gap, counted as retransmissions. Each
     * connection hits a limit exactly once. Inserting stays cheap (this took minutes when each insertion walked
     * the held list).
     */
    @Test
    @Timeout(180)
    void tinySegmentsAfterAHoleThatNeverFills() throws Exception {
        Path pcap = tmp.resolve("tiny.pcap");
        byte[] one = {'x'};
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            List<LoopbackPcap.Conn> conns = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                conns.add(w.connection(40400 + k).open()
                        .client("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 200000\r\n\r\n"));
            }
            for (int i = 100_000; i >= 1; i--) {
                for (LoopbackPcap.Conn c : conns) {
                    c.clientAhead(i, one);
                }
            }
        }
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx96m", "--max-reassembly-total", "2097152");
        assertThat(r.at("/summary/transactions").asLong()).isEqualTo(4);
        assertThat(r.at("/summary/limits_hit/TCP_REASSEMBLY_LIMIT").asLong()).isEqualTo(4);
        for (JsonNode c : r.at("/connections")) {
            assertThat(c.at("/c2s/gaps").asLong()).isEqualTo(1);
            assertThat(c.at("/c2s/delivered_bytes").asLong()).isLessThan(60 + (1 << 20) / 65);
            assertThat(c.at("/c2s/retransmissions").asLong()).isGreaterThan(80_000);
        }
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
            c.client(Http2Bytes.frame(4, 0, 0, new byte[0]));
            c.server(Http2Bytes.frame(4, 0, 0, new byte[0]));
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.write(new byte[] {(byte) 0x82, (byte) 0x84, (byte) 0x86});
            first.write(new byte[] {0x40, 6});
            first.write("x-bomb".getBytes(StandardCharsets.US_ASCII));
            first.write(new byte[] {0x7f, (byte) 0xa1, 0x1e}); // 4000 = 127 + 3873 (RFC 7541 §5.1)
            first.write("a".repeat(4000).getBytes(StandardCharsets.US_ASCII));
            c.client(Http2Bytes.frame(1, 0x05, 1, first.toByteArray()));
            byte[] block = new byte[203];
            block[0] = (byte) 0x82;
            block[1] = (byte) 0x84;
            block[2] = (byte) 0x86;
            for (int i = 3; i < block.length; i++) {
                block[i] = (byte) 0xbe; // indexed: the first dynamic-table entry (62)
            }
            ByteArrayOutputStream blocks = new ByteArrayOutputStream();
            for (int s = 3; s < 3 + 2 * 10_000; s += 2) {
                blocks.write(Http2Bytes.frame(1, 0x05, s, block));
            }
            c.client(blocks.toByteArray(), 8000);
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
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx96m", "--max-connections", "5000");
        assertThat(r.at("/summary/limits_hit/TCP_CONNECTION_LIMIT").asLong()).isEqualTo(55_000);
    }

    /**
     * A permessage-deflate bomb (RFC 7692): six server messages of 100 MiB of zeros each, about 100 KB apiece on
     * the wire. With --ws-payload-bytes at its 16 MiB maximum every message is inflated to find its first bytes;
     * inflating stops at 64 MiB a message and 256 MiB a direction, so the run costs bounded CPU and memory and the
     * messages are kept cut (complete false), the first 16 MiB of the first one intact.
     */
    @Test
    @Timeout(180)
    void deflateBombInWebSocketMessages() throws Exception {
        byte[] zeros = new byte[1 << 20];
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < 100; i++) {
            deflater.setInput(zeros);
            for (int n = deflater.deflate(buf, 0, buf.length, java.util.zip.Deflater.NO_FLUSH); n > 0;
                 n = deflater.deflate(buf, 0, buf.length, java.util.zip.Deflater.NO_FLUSH)) {
                compressed.write(buf, 0, n);
            }
        }
        for (int n = deflater.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH); n > 0;
             n = deflater.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH)) {
            compressed.write(buf, 0, n);
        }
        byte[] all = compressed.toByteArray();
        byte[] payload = java.util.Arrays.copyOf(all, all.length - 4); // the sender drops 00 00 ff ff (§7.2.1)
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        Path pcap = tmp.resolve("bomb.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            LoopbackPcap.Conn c = w.connection(40600).open();
            c.client("GET /ws/s1 HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n");
            c.server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n");
            for (int m = 0; m < 6; m++) {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write(0xc2); // FIN, RSV1 (compressed), binary
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >> shift));
                }
                frame.write(payload);
                c.server(frame.toByteArray(), 16_000);
            }
        }
        String max = Integer.toString(16 << 20);
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx384m", "--ws-payload-bytes", max, "-o", tmp.resolve("bomb.har").toString(),
                "-o", tmp.resolve("bomb.md").toString());
        assertThat(CliRun.readJson(tmp.resolve("bomb.har")).at("/log/entries")).hasSize(1);
        JsonNode ws = r.at("/transactions/0/websocket");
        assertThat(ws.at("/s2c/messages").asLong()).isEqualTo(6);
        assertThat(ws.at("/messages")).hasSize(6);
        for (JsonNode m : ws.at("/messages")) {
            assertThat(m.at("/complete").asBoolean()).isFalse();
            assertThat(m.at("/wire_bytes").asLong()).isEqualTo(payload.length);
        }
        assertThat(java.util.Base64.getDecoder().decode(ws.at("/messages/0/data").asText()))
                .hasSize(16 << 20).containsOnly(0);
        // each message inflates to 100 MiB, past the 64 MiB a message: named once for the direction, with the count
        assertThat(anomalies(r, "WS_INFLATE_LIMIT")).singleElement().satisfies(a -> assertThat(a.at("/detail").asText())
                .isEqualTo("direction=s2c, messages_not_inflated=6, message_bytes=" + (64 << 20)));
        assertThat(r.at("/summary/limits_hit/WS_INFLATE_LIMIT").asLong()).isEqualTo(1);
    }

    /**
     * 2 000 sessions each send one compressed text message that inflates to 16 MiB (a 16 KB deflate bomb, within
     * every per-session bound), with no option given: hopsniff inflates every compressed message for its UTF-8
     * check, so the run's own bound (1 GiB inflated in all) must stop it. 64 sessions fit in it; the others are
     * named, and the run ends with every session reported.
     */
    @Test
    @Timeout(180)
    void deflateBombsInManySessionsSpendOnlyTheRunsBudget() throws Exception {
        byte[] payload = bomb(16 << 20);
        assertThat(payload.length).as("a 16-bit frame length").isLessThan(1 << 16);
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        Path pcap = tmp.resolve("bombs.pcap");
        int sessions = 2_000;
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < sessions; i++) {
                LoopbackPcap.Conn c = w.connection(10_000 + i).open();
                c.client("GET /ws/s" + i + " HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
                c.server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write(0xc1); // FIN, RSV1 (compressed), text
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
                frame.write(payload);
                c.server(frame.toByteArray(), 16_000);
                c.fin(false).fin(true);
            }
        }
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx256m");
        assertThat(r.at("/summary/transactions").asLong()).isEqualTo(sessions);
        List<JsonNode> limits = anomalies(r, "WS_INFLATE_LIMIT");
        // 1 GiB / 16 MiB = 64 messages inflated whole; the 65th is cut by the bound, the rest not inflated
        assertThat(limits).hasSize(sessions - 64);
        assertThat(limits).allSatisfy(a -> assertThat(a.at("/detail").asText())
                .isEqualTo("direction=s2c, messages_not_inflated=1, run_bytes=" + (1L << 30)
                        + " (all sessions together)"));
        assertThat(r.at("/summary/limits_hit/WS_INFLATE_LIMIT").asLong()).isEqualTo(sessions - 64);
        assertThat(anomalies(r, "WS_TEXT_NOT_UTF8")).as("zeros are UTF-8").isEmpty();
    }

    /** {@code size} zero bytes as one permessage-deflate message: level 9, flushed, without 00 00 ff ff (§7.2.1). */
    private static byte[] bomb(int size) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        deflater.setInput(new byte[size]);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        for (int n = deflater.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH); n > 0;
             n = deflater.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH)) {
            compressed.write(buf, 0, n);
        }
        deflater.end();
        byte[] all = compressed.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4);
    }

    private static List<JsonNode> anomalies(JsonNode report, String id) {
        List<JsonNode> out = new ArrayList<>();
        report.at("/anomalies").forEach(a -> {
            if (a.at("/id").asText().equals(id)) {
                out.add(a);
            }
        });
        return out;
    }

    private JsonNode analyse(Path pcap, Path report, String heap, String... options) throws Exception {
        ChildAnalysis.run(pcap, report, heap, options);
        return CliRun.readJson(report);
    }
}
