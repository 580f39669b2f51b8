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
 * HTTP/2 connections (prior knowledge, RFC 9113 §3.3) whose peers fill both HPACK dynamic tables to hopsniff's
 * 64 KiB bound (a size update, then literal fields with incremental indexing, RFC 7541 §6.2.1, §6.3): 1 200 such
 * connections hold 150 MiB of table entries, more than the 128 MiB heap they are analysed in (the jar before the
 * bound ran out of memory on it in 96 MiB, no report). The tables of all connections now hold at most 24 MiB; past
 * it, that direction's HPACK state is given up and named, and every exchange is still reported. 128 MiB, not 96:
 * in 96 the heap watch (TCP_MEMORY_LIMIT) found the heap nearly full and halved the bound before it was reached.
 */
class HpackFloodTest {

    private static final int CONNECTIONS = 1200;
    private static final String VALUE = "v".repeat(4000);

    @TempDir
    Path tmp;

    @Test
    @Timeout(150)
    void fullHpackTablesAreBoundedAndNamed() throws Exception {
        Path pcap = tmp.resolve("hpack.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                ByteArrayOutputStream client = new ByteArrayOutputStream();
                ByteArrayOutputStream server = new ByteArrayOutputStream();
                client.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] settings = {0, 1, 0, 0, 1, 0, 0}; // SETTINGS_HEADER_TABLE_SIZE = 65536
                client.writeBytes(Http2Bytes.frame(4, 0, 0, settings));
                server.writeBytes(Http2Bytes.frame(4, 0, 0, settings));
                server.writeBytes(Http2Bytes.frame(4, 1, 0, new byte[0]));
                for (int s = 0; s < 5; s++) {
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    ByteArrayOutputStream response = new ByteArrayOutputStream();
                    if (s == 0) {
                        request.writeBytes(Http2Bytes.integer(65536, 5, 0x20));
                        response.writeBytes(Http2Bytes.integer(65536, 5, 0x20));
                    }
                    request.writeBytes(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84}); // GET, http, /
                    response.write(0x88); // :status 200
                    for (int k = 0; k < 3; k++) {
                        request.writeBytes(indexed("x-req-" + s + "-" + k));
                        response.writeBytes(indexed("x-res-" + s + "-" + k));
                    }
                    client.writeBytes(Http2Bytes.frame(1, 0x5, 1 + 2 * s, request.toByteArray()));
                    server.writeBytes(Http2Bytes.frame(1, 0x5, 1 + 2 * s, response.toByteArray()));
                }
                w.connection(20000 + i).open().client(client.toByteArray(), 1448).server(server.toByteArray(), 1448);
            }
        }
        JsonNode r = ChildAnalysis.report(pcap, "-Xmx128m");
        assertThat(r.at("/summary/requests").asLong()).isEqualTo(5L * CONNECTIONS);
        assertThat(r.at("/summary/limits_hit/H2_HPACK_TABLE_LIMIT").asLong()).isPositive();
        assertThat(r.at("/anomalies").findValuesAsText("detail"))
                .anySatisfy(d -> assertThat(d).contains("limit_all=25165824 (tables of all connections together)")
                        .contains("hpack=lost"));
    }

    /** A literal field with incremental indexing and a new name (RFC 7541 §6.2.1), no Huffman: 4 KB an entry. */
    private static byte[] indexed(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x40);
        out.write(name.length());
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Http2Bytes.integer(VALUE.length(), 7, 0));
        out.writeBytes(VALUE.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
