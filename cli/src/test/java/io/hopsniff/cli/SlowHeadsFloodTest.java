package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.LoopbackPcap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris against the sniffer: 40 000 connections each send the start of a request head, then nothing. Each holds
 * a few KiB while it waits (its TCP state, the HTTP parser's, the part of the head read so far) and hits no bound of
 * its own; together they are more than the 64 MiB heap they are analysed in (the jar before the heap watch ran out
 * of memory on it: exit 1, no report). The heap watch finds the heap still nearly full after a collection, tracks a
 * quarter fewer connections each time and ends the least recently active ones; the run finishes and names it.
 */
class SlowHeadsFloodTest {

    private static final int CONNECTIONS = 40_000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(150)
    void connectionsThatNeverFinishTheirHeadsEndInAReport() throws Exception {
        Path pcap = tmp.resolve("slow-heads.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                w.connection(20000 + i).open().client("GET /ws/session-" + i + " HTTP/1.1\r\nHost: dashboard\r\n"
                        + "User-Agent: " + "a".repeat(200));
            }
        }
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx64m");
        assertThat(r.at("/summary/connections").asLong()).isEqualTo(CONNECTIONS);
        assertThat(r.at("/summary/limits_hit/TCP_MEMORY_LIMIT").asLong()).isPositive();
        assertThat(r.at("/summary/limits_hit/TCP_CONNECTION_LIMIT").asLong()).isPositive();
        assertThat(r.at("/anomalies").findValuesAsText("id")).contains("TCP_MEMORY_LIMIT");
        assertThat(r.at("/anomalies").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("live after a collection").contains("now at most: connections="))
                .anySatisfy(d -> assertThat(d).contains("the heap was nearly full"));
    }
}
