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
}
