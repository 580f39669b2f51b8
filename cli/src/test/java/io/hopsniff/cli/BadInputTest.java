package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad files and options get one clear line and the documented exit code, never a stack trace. */
class BadInputTest {

    @TempDir
    Path tmp;

    private CliRun analyze(Path file, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "analyze";
        args[1] = file.toString();
        args[2] = "-q";
        System.arraycopy(more, 0, args, 3, more.length);
        return CliRun.run(args);
    }

    private static void assertOneCleanLine(CliRun run, String mentions) {
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(mentions);
    }

    /**
     * A limit is counted in limits_hit each time it is hit, not once per connection: with a 200-byte reassembly
     * budget, one connection of this capture hits it again and again while the anomaly is listed once.
     */
    @Test
    void everyReassemblyLimitHitIsCounted() throws IOException {
        Path report = tmp.resolve("limits.json");
        CliRun run = CliRun.run("analyze", RepoPaths.corpus().resolve("suri-tcp-rst-unacked-stream-10.pcap").toString(),
                "--max-reassembly-bytes", "200", "-o", report.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode json = CliRun.readJson(report);
        long listed = 0;
        for (com.fasterxml.jackson.databind.JsonNode a : json.get("anomalies")) {
            listed += a.get("id").asText().equals("TCP_REASSEMBLY_LIMIT") ? 1 : 0;
        }
        assertThat(listed).isEqualTo(1);
        assertThat(json.at("/summary/limits_hit/TCP_REASSEMBLY_LIMIT").asLong()).isGreaterThan(listed);
    }

    /** Time options take 300, 30s, 5m, 1h; a number Java cannot hold or a span past ten years is a usage error. */
    @Test
    void oddTimeOptionsAreOneClearUsageLine() throws IOException {
        Path sample = RepoPaths.samples().resolve("caddy-ws-ok.pcap");
        for (String[] bad : List.of(new String[] {"--idle-timeout", "1e10"}, new String[] {"--idle-timeout", "99999999999"},
                new String[] {"--idle-timeout", "0"})) {
            CliRun run = CliRun.run("analyze", sample.toString(), bad[0], bad[1]);
            assertThat(run.exitCode()).as(String.join(" ", bad)).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err().lines().findFirst().orElse("")).as(String.join(" ", bad))
                    .contains("'" + bad[1] + "'").doesNotContain("java.").doesNotContain("Exception");
        }
        for (String option : List.of("--body-bytes", "--ws-payload-bytes")) {
            CliRun huge = CliRun.run("analyze", sample.toString(), option, "2147483647");
            assertThat(huge.exitCode()).as(option).isEqualTo(ExitCodes.USAGE);
            assertThat(huge.err()).contains(option + " is at most 16777216");
        }
        CliRun longCapture = CliRun.run("capture", "--duration", "99999999999h", "-i", "lo");
        assertThat(longCapture.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(longCapture.err()).contains("is too long");
        CliRun minutes = CliRun.run("analyze", sample.toString(), "--idle-timeout", "5m", "-q", "-o",
                tmp.resolve("m.json").toString());
        assertThat(minutes.exitCode()).as(minutes.err()).isZero();
        assertThat(CliRun.readJson(tmp.resolve("m.json")).at("/tool/limits/idle_timeout_seconds").asLong()).isEqualTo(300);
    }

    /** An HTTP/2 response without :status is kept (status 0, H2_STATUS_INVALID) and the report still validates. */
    @Test
    void http2ResponseWithoutStatusStillGivesAValidReport() throws IOException {
        Path pcap = tmp.resolve("h2-nostatus.pcap");
        try (io.hopsniff.testkit.LoopbackPcap w = new io.hopsniff.testkit.LoopbackPcap(pcap)) {
            io.hopsniff.testkit.LoopbackPcap.Conn c = w.connection(40100).open();
            // preface, empty SETTINGS, HEADERS (END_STREAM|END_HEADERS) on stream 1: GET / (HPACK static 2, 6, 4)
            c.client(concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0},
                    new byte[] {0, 0, 3, 1, 5, 0, 0, 0, 1, (byte) 0x82, (byte) 0x86, (byte) 0x84}));
            // SETTINGS, then HEADERS with content-type only (literal, static name 31): no :status
            c.server(concat(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0},
                    new byte[] {0, 0, 7, 1, 5, 0, 0, 0, 1, 0x0f, 0x10, 4, 't', 'e', 'x', 't'}));
            c.fin(true).fin(false);
        }
        Path report = tmp.resolve("h2.json");
        CliRun run = CliRun.run("analyze", pcap.toString(), "-o", report.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        assertThat(json.at("/summary/statuses/000").asLong()).isEqualTo(1);
        assertThat(json.get("anomalies").findValuesAsText("id")).contains("H2_STATUS_INVALID");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.write(tmp.resolve("empty.pcap"), new byte[0]);
        CliRun run = analyze(f);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertOneCleanLine(run, "empty.pcap");
    }

    @Test
    void textFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("notes.txt"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        CliRun run = analyze(f);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertOneCleanLine(run, "notes.txt");
    }

    @Test
    void randomBytes() throws IOException {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        junk[0] = 0x13; // not a pcap/pcapng magic by accident
        Path f = Files.write(tmp.resolve("random.bin"), junk);
        CliRun run = analyze(f);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertOneCleanLine(run, "random.bin");
    }

    @Test
    void missingFileAndDirectory() {
        CliRun run = analyze(tmp.resolve("nope.pcap"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertOneCleanLine(run, "no such file");
        CliRun dir = analyze(tmp);
        assertThat(dir.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertOneCleanLine(dir, "directory");
    }

    @Test
    void truncatedPcapStillGetsAPartialReport() throws IOException {
        Path source = RepoPaths.corpus().resolve("zeek-http-get_nosyn.pcap");
        assumeTrue(Files.exists(source));
        byte[] all = Files.readAllBytes(source);
        Path f = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(all, all.length - 40));
        Path report = tmp.resolve("r.json");
        CliRun run = analyze(f, "-o", report.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertOneCleanLine(run, "truncated");
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        assertThat(json.at("/input/files/0/truncated").asBoolean()).isTrue();
        // 11 packets in the file (capinfos); the last record is 16 + 66 bytes (tshark frame.cap_len), so cutting
        // 40 bytes cuts only it: the 10 before it are analysed.
        assertThat(json.at("/input/files/0/packets").asLong()).isEqualTo(10);
        assertThat(json.at("/summary/anomalies/CAP_TRUNCATED_FILE").asLong()).isEqualTo(1);
    }

    /**
     * A record that cannot be framed in the middle of a file (its caplen says 2 GiB): the packets before it are
     * reported, and the run says so on stderr and exits 3, like a truncated file (README's exit codes).
     */
    @Test
    void aCorruptRecordMidFileIsAWarningAndExit3() throws IOException {
        byte[] d = Files.readAllBytes(RepoPaths.samples().resolve("caddy-ws-ok.pcap"));
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        int off = 24;
        for (int i = 0; i < 10; i++) { // walk ten whole records by their own headers
            off += 16 + b.getInt(off + 8);
        }
        b.putInt(off + 8, 0x7fffffff);
        Path f = Files.write(tmp.resolve("corrupt.pcap"), d);
        Path report = tmp.resolve("corrupt.json");
        CliRun run = analyze(f, "-o", report.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("is corrupt after 10 packets").doesNotContain("Exception");
        assertThat(CliRun.readJson(report).at("/input/packets/total").asLong()).isEqualTo(10);
    }

    @Test
    void absurdRecordLength() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1).putInt(0).putInt(0x7fffffff).putInt(0x7fffffff); // caplen 2 GiB
        Path f = Files.write(tmp.resolve("absurd.pcap"), b.array());
        Path report = tmp.resolve("r.json");
        CliRun run = analyze(f, "-o", report.toString());
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(run.exitCode()).isIn(ExitCodes.OK, ExitCodes.BAD_INPUT);
        JsonNode json = CliRun.readJson(report);
        assertThat(json.at("/summary/anomalies/CAP_RECORD_LENGTH_ABSURD").asLong()).isEqualTo(1);
    }

    @Test
    void badOptionIsAUsageError() {
        CliRun run = CliRun.run("analyze", "--bogus", "x.pcap");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--bogus").doesNotContain("Exception");
        CliRun server = CliRun.run("analyze", "--server", "not a server", "x.pcap");
        assertThat(server.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(server.err().strip().lines()).hasSize(1);
    }

    @Test
    void unwritableOutput() throws IOException {
        Path source = RepoPaths.corpus().resolve("zeek-http-get_nosyn.pcap");
        assumeTrue(Files.exists(source));
        CliRun run = analyze(source, "-o", tmp.resolve("no/such/dir/r.json").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertOneCleanLine(run, "cannot write");
    }

}
