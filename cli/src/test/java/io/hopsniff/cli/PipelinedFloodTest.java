package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.LoopbackPcap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelined requests never answered, on many connections at once: each connection may have up to
 * --max-pending-requests (1 000) waiting, and 150 connections that fill it are 150 000 requests, more than the
 * 96 MiB heap they are analysed in holds (the session-start jar of this test ran out of memory on it, no report).
 * Waiting requests beyond each connection's first are now counted over the run; past 20 000 the connection's oldest
 * is given up as unanswered and named, and every request is still reported.
 */
class PipelinedFloodTest {

    private static final int CONNECTIONS = 150;
    private static final int REQUESTS = 1000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(150)
    void unansweredPipelinedRequestsAreBoundedAndNamed() throws Exception {
        Path pcap = tmp.resolve("pipelined.pcap");
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < REQUESTS; i++) {
            requests.append("GET /api/items/").append(i).append(" HTTP/1.1\r\nHost: dash\r\nX-Forwarded-For: 10.0.0.1\r\n"
                    + "Accept: application/json\r\n\r\n");
        }
        byte[] bytes = requests.toString().getBytes(StandardCharsets.US_ASCII);
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                w.connection(20000 + i).open().client(bytes, 1448);
            }
        }
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx96m");
        assertThat(r.at("/summary/requests").asLong()).isEqualTo((long) CONNECTIONS * REQUESTS);
        assertThat(r.at("/summary/anomalies/HTTP_NO_RESPONSE").asLong()).isEqualTo((long) CONNECTIONS * REQUESTS);
        assertThat(r.at("/summary/limits_hit/HTTP_PENDING_LIMIT").asLong()).isPositive();
        assertThat(r.at("/anomalies").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).isEqualTo("limit_all=20000 (waiting on all connections together)"));
    }
}
