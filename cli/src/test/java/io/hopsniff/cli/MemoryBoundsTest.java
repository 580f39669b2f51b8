package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.LoopbackPcap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits cost memory only as data arrives: 400 pipelined POSTs, all in flight at once, analysed with the largest
 * --body-bytes and --ws-payload-bytes in a 96 MiB heap. Taking the limit up front per message (what it did
 * before) needs 400 × 16 MiB.
 */
class MemoryBoundsTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void theLargestBodyLimitDoesNotReserveMemoryPerMessage() throws Exception {
        Path pcap = tmp.resolve("pipelined.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            LoopbackPcap.Conn c = w.connection(40200).open();
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                requests.append("POST /api/echo?i=").append(i).append(" HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n")
                        .append("x".repeat(100));
            }
            c.client(requests.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), 8000);
            c.fin(true).fin(false);
        }
        Path report = tmp.resolve("r.json");
        String max = Integer.toString(16 << 20);
        String printed = ChildAnalysis.run(pcap, report, "-Xmx96m", "--body-bytes", max, "--ws-payload-bytes", max);
        assertThat(CliRun.readJson(report).at("/summary/transactions").asLong()).isEqualTo(400);
        assertThat(CliRun.readJson(report).at("/transactions/0/request/body_prefix/data").asText())
                .isEqualTo("x".repeat(100));
        assertThat(printed).doesNotContain("OutOfMemory");
    }

    /**
     * 200 connections each with a 512 KiB part of a 1 MiB upload in flight at once: with --body-bytes at its 16 MiB
     * maximum the prefixes alone would be 100 MiB, more than the 64 MiB heap. --max-kept-bytes is the budget for
     * them all: the run ends normally, no prefix goes past the budget, and every message it cut is named and
     * counted.
     */
    @Test
    @Timeout(120)
    void keptBodyBytesOfAllConnectionsStayWithinTheirBudget() throws Exception {
        Path pcap = tmp.resolve("uploads.pcap");
        byte[] chunk = "y".repeat(8192).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < 200; i++) {
                LoopbackPcap.Conn c = w.connection(41000 + i).open();
                c.client("POST /upload/" + i + " HTTP/1.1\r\nHost: h\r\nContent-Length: 1048576\r\n\r\n");
                for (int k = 0; k < 64; k++) {
                    c.client(chunk);
                }
            }
        }
        Path report = tmp.resolve("r.json");
        String max = Integer.toString(16 << 20);
        ChildAnalysis.run(pcap, report, "-Xmx64m", "--body-bytes", max, "--max-kept-bytes", "8m");
        com.fasterxml.jackson.databind.JsonNode r = CliRun.readJson(report);
        assertThat(r.at("/summary/transactions").asLong()).isEqualTo(200);
        long kept = 0;
        int cut = 0;
        for (com.fasterxml.jackson.databind.JsonNode t : r.at("/transactions")) {
            assertThat(t.at("/request/body_bytes").asLong()).isEqualTo(512 * 1024);
            int n = t.at("/request/body_prefix/bytes").asInt();
            kept += n;
            if (n < 512 * 1024) {
                cut++;
            }
        }
        assertThat(kept).isLessThanOrEqualTo(8L << 20).isGreaterThan(0);
        assertThat(cut).isGreaterThan(0);
        assertThat(r.at("/summary/limits_hit/HTTP_KEPT_BYTES_LIMIT").asLong()).isEqualTo(cut);
    }
}
