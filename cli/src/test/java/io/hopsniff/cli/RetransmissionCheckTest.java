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
import org.junit.jupiter.api.io.TempDir;

/**
 * A retransmission must carry the bytes it repeats (RFC 9293 §3.10.7.4: a receiver keeps one copy, so a sender that
 * changes them shows different requests to different readers, the evasion of a request line changed in a
 * retransmitted segment). From a plain capture file the check reads the first copy back from the file; from a
 * compressed one (read as a stream) it keeps a copy: both find the change at the same offset, and neither calls a
 * faithful retransmission a conflict.
 */
class RetransmissionCheckTest {

    private static final String HEAD = "POST /public HTTP/1.1\r\nHost: dash\r\nContent-Length: 2000\r\n\r\n";

    @TempDir
    Path tmp;

    private Path capture(String name, String retransmittedLine) throws Exception {
        byte[] request = (HEAD + "x".repeat(2000)).getBytes(StandardCharsets.US_ASCII);
        byte[] first = java.util.Arrays.copyOf(request, 1448);
        byte[] again = first.clone();
        byte[] line = retransmittedLine.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(line, 0, again, 0, line.length);
        Path pcap = tmp.resolve(name);
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            LoopbackPcap.Conn c = w.connection(40000).open();
            c.clientUnacknowledged(request, 1448);
            c.clientRetransmission(request.length, again);
            c.server("HTTP/1.1 204 No Content\r\n\r\n");
        }
        return pcap;
    }

    private Path gzipped(Path pcap) throws Exception {
        Path gz = pcap.resolveSibling(pcap.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(pcap, out);
        }
        return gz;
    }

    private static JsonNode analyze(Path file) throws Exception {
        Path report = file.resolveSibling(file.getFileName() + ".json");
        CliRun run = CliRun.run("analyze", file.toString(), "-o", report.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return CliRun.readJson(report);
    }

    @Test
    void aChangedRequestLineIsFoundFromAFileAndFromAStream() throws Exception {
        // "POST /" is the same; the first change is at offset 6, "p" -> "a"
        conflictFromFileAndStream(capture("changed.pcap", "POST /admin! HTTP/1.1"), 6, "/public");
    }

    /**
     * The plain capture and its gzip copy each report one TCP_OVERLAP_CONFLICT at {@code offset}, and the one request,
     * read from the first copy of its bytes ({@code target}).
     */
    private void conflictFromFileAndStream(Path pcap, int offset, String target) throws Exception {
        for (Path file : new Path[] {pcap, gzipped(pcap)}) {
            JsonNode r = analyze(file);
            assertThat(r.at("/anomalies").findValuesAsText("id")).as(file.getFileName().toString())
                    .containsOnlyOnce("TCP_OVERLAP_CONFLICT");
            assertThat(r.at("/anomalies").findValuesAsText("detail"))
                    .anySatisfy(d -> assertThat(d).startsWith("offset=" + offset + ", "));
            assertThat(r.at("/summary/requests").asLong()).isEqualTo(1);
            assertThat(r.at("/transactions/0/request/target").asText()).isEqualTo(target);
        }
    }

    /**
     * The request cut into 1-byte segments (fragroute's {@code tcp_seg 1}), and a retransmission of its sixth byte,
     * changed, after all of them: compared from a file as from a stream, however many segments came between.
     */
    @Test
    void aChangedByteOfARequestCutIntoOneByteSegmentsIsFound() throws Exception {
        byte[] request = "GET /public/dashboard HTTP/1.1\r\nHost: dash\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Path pcap = tmp.resolve("tiny-segments.pcap");
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            LoopbackPcap.Conn c = w.connection(40001).open();
            c.clientUnacknowledged(request, 1);
            c.clientRetransmission(request.length - 5, new byte[] {'a'}); // "/public" -> "/aublic"
            c.server("HTTP/1.1 204 No Content\r\n\r\n");
        }
        conflictFromFileAndStream(pcap, 5, "/public/dashboard");
    }

    @Test
    void aFaithfulRetransmissionIsNoConflict() throws Exception {
        Path pcap = capture("faithful.pcap", "POST /public HTTP/1.1");
        for (Path file : new Path[] {pcap, gzipped(pcap)}) {
            JsonNode r = analyze(file);
            assertThat(r.at("/anomalies").findValuesAsText("id")).as(file.getFileName().toString())
                    .contains("TCP_RETRANSMISSION").doesNotContain("TCP_OVERLAP_CONFLICT");
        }
    }
}
