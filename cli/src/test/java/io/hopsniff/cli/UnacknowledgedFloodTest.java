package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.LoopbackPcap;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data the receiver never acknowledges, on many connections at once: read as a stream (here a compressed file),
 * each direction keeps a copy of its latest 16 KiB of unacknowledged bytes to compare retransmissions with, and
 * 5 000 uploads of 17 KB are 80 MiB of them, more than the 64 MiB heap they are analysed in (the session-start jar of
 * this test ran out of memory on it, no report). The rings of all connections together are bounded; what was not
 * kept is named, and every request is still read. From the plain file only the bytes' positions are kept (a few
 * hundred bytes a direction): nothing needs leaving out.
 */
class UnacknowledgedFloodTest {

    private static final int CONNECTIONS = 5000;

    @TempDir
    Path tmp;

    @Test
    @Timeout(150)
    void unacknowledgedUploadsAreBoundedAndNamed() throws Exception {
        Path pcap = tmp.resolve("unacknowledged.pcap");
        byte[] head = "POST /upload HTTP/1.1\r\nHost: dash\r\nContent-Length: 1000000\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] upload = new byte[17 * 1024];
        System.arraycopy(head, 0, upload, 0, head.length);
        java.util.Arrays.fill(upload, head.length, upload.length, (byte) 'x');
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                w.connection(20000 + i).open().clientUnacknowledged(upload, 1448);
            }
        }
        Path gz = tmp.resolve("unacknowledged.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(pcap, out);
        }
        JsonNode r = ChildAnalysis.report(gz, "-Xmx64m");
        assertThat(r.at("/summary/connections").asLong()).isEqualTo(CONNECTIONS);
        assertThat(r.at("/summary/requests").asLong()).isEqualTo(CONNECTIONS);
        assertThat(r.at("/summary/limits_hit/TCP_COMPARE_LIMIT").asLong()).isPositive();
        assertThat(r.at("/anomalies").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("limit_all=25165824"));

        JsonNode plain = ChildAnalysis.report(pcap, "-Xmx64m");
        assertThat(plain.at("/summary/connections").asLong()).isEqualTo(CONNECTIONS);
        assertThat(plain.at("/summary/requests").asLong()).isEqualTo(CONNECTIONS);
        assertThat(plain.at("/summary/limits_hit/TCP_COMPARE_LIMIT").asLong()).isZero();
    }
}
