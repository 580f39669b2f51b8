package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.Http2Bytes;
import io.hopsniff.testkit.LoopbackPcap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 connections (prior knowledge, RFC 9113 §3.3) whose clients open as many streams as hopsniff allows one
 * connection (--max-h2-streams, 4 096) and are never answered: 100 such connections are 409 600 open streams, more
 * than the 96 MiB heap they are analysed in holds (the session-start jar of this test ran out of memory on it, no
 * report; 12 bytes of capture a stream). Streams open beyond each connection's first are now counted over the run;
 * past 20 000 the connection's oldest is reported incomplete and named, and every stream is still reported.
 */
class H2StreamFloodTest {

    private static final int CONNECTIONS = 100;
    private static final int STREAMS = 4096;

    @TempDir
    Path tmp;

    @Test
    @Timeout(150)
    void openStreamsAreBoundedOverTheRunAndNamed() throws Exception {
        Path pcap = tmp.resolve("streams.pcap");
        // :method GET, :scheme http, :path / (static table), then :authority "dash" (RFC 7541 Appendix A)
        byte[] request = {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 0x04, 'd', 'a', 's', 'h'};
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                ByteArrayOutputStream client = new ByteArrayOutputStream();
                client.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                client.writeBytes(Http2Bytes.frame(4, 0, 0, new byte[0]));
                for (int s = 0; s < STREAMS; s++) {
                    client.writeBytes(Http2Bytes.frame(1, 0x4, 1 + 2 * s, request)); // END_HEADERS, no END_STREAM
                }
                w.connection(20000 + i).open().client(client.toByteArray(), 1448)
                        .server(Http2Bytes.frame(4, 0, 0, new byte[0]), 1448);
            }
        }
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx96m");
        assertThat(r.at("/summary/requests").asLong()).isEqualTo((long) CONNECTIONS * STREAMS);
        assertThat(r.at("/summary/limits_hit/H2_OPEN_STREAMS_LIMIT").asLong()).isPositive();
        assertThat(r.at("/anomalies").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).endsWith("limit_all=20000 (open on all connections together)"));
    }
}
