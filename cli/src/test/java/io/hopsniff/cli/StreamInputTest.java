package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.RepoPaths;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures that arrive as a stream — a FIFO that tcpdump writes into, a pipe — are read to their end like files,
 * with the same exchanges. A FIFO nobody writes to yet is waited for, and the wait is said on stderr, instead of
 * a silent hang.
 */
class StreamInputTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void aFifoGivesTheSameReportAsTheFile() throws Exception {
        for (String sample : new String[] {"samples/dashboard-incident.pcap", "corpus/public/ppp-pcapng-example.pcapng"}) {
            Path file = RepoPaths.root().resolve(sample);
            Path fifo = mkfifo("in-" + file.getFileName());
            Path fromFifo = tmp.resolve("fifo-" + file.getFileName() + ".json");
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                    () -> CliRun.run("analyze", fifo.toString(), "-o", fromFifo.toString()));
            try (OutputStream w = Files.newOutputStream(fifo)) {
                // Small writes, so the reader sees records cut across reads.
                byte[] bytes = Files.readAllBytes(file);
                for (int at = 0; at < bytes.length; at += 1000) {
                    w.write(bytes, at, Math.min(1000, bytes.length - at));
                    w.flush();
                }
            }
            CliRun r = run.get(50, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains(fifo + " is a FIFO: waiting for a writer");

            Path fromFile = tmp.resolve("file-" + file.getFileName() + ".json");
            assertThat(CliRun.run("analyze", file.toString(), "-o", fromFile.toString(), "-q").exitCode()).isZero();
            JsonNode a = CliRun.readJson(fromFifo);
            JsonNode b = CliRun.readJson(fromFile);
            assertThat(a.at("/transactions")).isEqualTo(b.at("/transactions"));
            assertThat(a.at("/summary")).isEqualTo(b.at("/summary"));
            assertThat(a.at("/input/files/0/packets")).isEqualTo(b.at("/input/files/0/packets"));
            assertThat(a.at("/input/files/0/file_bytes").asLong()).isEqualTo(Files.size(file));
        }
    }

    @Test
    @Timeout(60)
    void aTruncatedStreamIsReportedLikeATruncatedFile() throws Exception {
        Path file = RepoPaths.samples().resolve("dashboard-incident.pcap");
        byte[] bytes = Files.readAllBytes(file);
        Path fifo = mkfifo("cut");
        Path report = tmp.resolve("cut.json");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                () -> CliRun.run("analyze", fifo.toString(), "-o", report.toString(), "-q"));
        try (OutputStream w = Files.newOutputStream(fifo)) {
            w.write(bytes, 0, bytes.length - 7);
        }
        CliRun r = run.get(50, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("is truncated");
        assertThat(CliRun.readJson(report).at("/input/files/0/truncated").asBoolean()).isTrue();
    }

    @Test
    @Timeout(60)
    void aFifoClosedWithoutDataIsAnEmptyInputNotAHang() throws Exception {
        Path fifo = mkfifo("empty");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                () -> CliRun.run("analyze", fifo.toString(), "-o", tmp.resolve("e.json").toString()));
        Thread.sleep(500); // the reader is waiting for a writer meanwhile
        assertThat(run).isNotDone();
        Files.newOutputStream(fifo).close();
        CliRun r = run.get(50, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("waiting for a writer").contains("empty file");
    }

    private Path mkfifo(String name) throws Exception {
        Path fifo = tmp.resolve(name);
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        return fifo;
    }

    /** Runs {@code shell} (bash) with HOPSNIFF set to the command that starts this build's CLI; its exit code. */
    private static int shell(String shell, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + shell).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("HOPSNIFF", java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path")
                + " " + Main.class.getName());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(shell + " did not finish");
        }
        return p.exitValue();
    }

    private void assertSameReport(Path a, Path b) throws Exception {
        JsonNode x = CliRun.readJson(a);
        JsonNode y = CliRun.readJson(b);
        for (String section : new String[] {"/transactions", "/connections", "/summary", "/diagnoses", "/anomalies",
            "/input/files/0/packets"}) {
            assertThat(x.at(section)).as(section).isEqualTo(y.at(section));
        }
    }

    /**
     * Issue #14: the remote-capture one-liner, {@code ssh host tcpdump -U -w - 'port 12656' | hopsniff analyze -},
     * with tcpdump re-writing a sample to its stdout; the same capture gzip-compressed, as a file and through a
     * pipe; and the report on stdout with {@code -o -}. Every report is the one the plain file gives.
     */
    @Test
    @Timeout(120)
    void standardInputGzipAndStdoutGiveTheFilesReport() throws Exception {
        Path file = RepoPaths.samples().resolve("caddy-ws-ok.pcap");
        Path plain = tmp.resolve("plain.json");
        assertThat(CliRun.run("analyze", file.toString(), "-o", plain.toString(), "-q").exitCode()).isZero();
        Path log = tmp.resolve("shell.log");
        Path fromTcpdump = tmp.resolve("tcpdump.json");
        assertThat(shell("tcpdump -U -r " + file + " -w - 2>/dev/null | $HOPSNIFF analyze - -o " + fromTcpdump + " -q",
                log)).as(Files.readString(log)).isZero();
        assertSameReport(fromTcpdump, plain);
        Path gz = tmp.resolve("capture.pcap.gz");
        assertThat(shell("gzip -c " + file + " > " + gz, log)).isZero();
        Path fromGz = tmp.resolve("gz.json");
        assertThat(CliRun.run("analyze", gz.toString(), "-o", fromGz.toString(), "-q").exitCode()).isZero();
        assertSameReport(fromGz, plain);
        Path fromGzPipe = tmp.resolve("gzpipe.json");
        assertThat(shell("cat " + gz + " | $HOPSNIFF analyze - -o " + fromGzPipe + " -q", log)).isZero();
        assertSameReport(fromGzPipe, plain);
        Path onStdout = tmp.resolve("stdout.json");
        assertThat(shell("$HOPSNIFF analyze " + file + " -o - > " + onStdout, log)).as(Files.readString(log)).isZero();
        assertSameReport(onStdout, plain); // -o - without -q: the JSON alone, no text summary mixed in
        assertThat(Files.exists(Path.of("-"))).isFalse();
    }

    @Test
    void aGzipCutShortIsATruncatedCaptureAndTwoStdoutsAreAUsageError() throws Exception {
        Path file = RepoPaths.samples().resolve("caddy-ws-ok.pcap");
        java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(compressed)) {
            z.write(Files.readAllBytes(file));
        }
        byte[] all = compressed.toByteArray();
        Path cut = tmp.resolve("cut.pcap.gz");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        Path out = tmp.resolve("cut.json");
        CliRun r = CliRun.run("analyze", cut.toString(), "-o", out.toString(), "-q");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("is truncated");
        assertThat(CliRun.readJson(out).at("/input/files/0/truncated").asBoolean()).isTrue();
        Path tiny = tmp.resolve("tiny.pcap.gz");
        Files.write(tiny, java.util.Arrays.copyOf(all, 12));
        CliRun t = CliRun.run("analyze", tiny.toString(), "-q");
        assertThat(t.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(t.err()).contains("gzip-compressed file cut short before its first packet");
        CliRun twice = CliRun.run("analyze", file.toString(), "-o", "-", "--format", "json", "-o", "-", "--format", "har");
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("only one output can go to stdout");
    }
}
