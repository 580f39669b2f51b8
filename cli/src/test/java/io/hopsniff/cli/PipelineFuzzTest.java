package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.JsonReport;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportOptions;
import io.hopsniff.report.json.InputJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real captures with random bytes overwritten (past the file header, so the records still parse as records):
 * the whole pipeline, reader to JSON report, must never throw. Deterministic seeds, so a failure replays. Besides
 * bytes overwritten anywhere, three kinds of change that keep more of the file plausible: a run of one byte value
 * (a zeroed or 0xff-filled stretch, as a damaged disk or a bad copy leaves), a block copied from elsewhere in the
 * same file (records, headers and payload in the wrong place: sequence numbers and lengths that look real), and a
 * few single-bit flips.
 */
class PipelineFuzzTest {

    private static final int MUTANTS = 12;
    /** Mutants of each of the other kinds. */
    private static final int STRUCTURED = 4;

    @TempDir
    Path tmp;

    static Stream<String> captures() throws IOException {
        Path corpus = RepoPaths.corpus();
        assumeTrue(Files.isDirectory(corpus), "shared corpus not found at " + corpus);
        try (Stream<Path> files = Stream.concat(Files.list(corpus), Files.list(RepoPaths.samples()))) {
            return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .filter(p -> {
                        try {
                            return Files.size(p) < 300_000;
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(Path::toString).sorted().toList().stream();
        }
    }

    /** A copy of {@code original} changed past its first 40 bytes: kind 0 overwrites, 1 fills, 2 copies, 3 flips. */
    private static byte[] mutate(byte[] original, int kind, Random random) {
        byte[] bytes = original.clone();
        int span = bytes.length - 40;
        switch (kind) {
            case 0 -> {
                int flips = 1 + random.nextInt(Math.max(1, bytes.length / 200));
                for (int i = 0; i < flips; i++) {
                    bytes[40 + random.nextInt(span)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> {
                int at = 40 + random.nextInt(span);
                byte value = random.nextBoolean() ? (byte) 0xff : (byte) random.nextInt(256);
                java.util.Arrays.fill(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(64)), value);
            }
            case 2 -> {
                int from = 40 + random.nextInt(span);
                int to = 40 + random.nextInt(span);
                int length = Math.min(1 + random.nextInt(200), bytes.length - Math.max(from, to));
                System.arraycopy(original, from, bytes, to, length);
            }
            default -> {
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    bytes[40 + random.nextInt(span)] ^= (byte) (1 << random.nextInt(8));
                }
            }
        }
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void mutatedCapturesNeverBreakThePipeline(String file) throws IOException {
        byte[] original = Files.readAllBytes(Path.of(file));
        assumeTrue(original.length > 64);
        for (int m = 0; m < MUTANTS + 3 * STRUCTURED; m++) {
            Random random = new Random(file.hashCode() * 31L + m);
            byte[] bytes = mutate(original, m < MUTANTS ? 0 : 1 + (m - MUTANTS) / STRUCTURED, random);
            Path mutant = Files.write(tmp.resolve("m" + m + ".pcap"), bytes);
            try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("fuzz"))) {
                // Bodies and messages kept, so every path a mangled message can leave by must give its budget back.
                DecoderConfig d = DecoderConfig.defaults();
                Analyzer analyzer = new Analyzer(new DecoderConfig(d.servers(), d.tcp(),
                        d.http().withBodyPrefixBytes(4096), d.ws().withPayloadBytesKept(4096)), collector);
                try {
                    CaptureFiles.read(mutant, analyzer);
                } catch (CaptureFormatException e) {
                    assertThat(e.getMessage()).doesNotContain("\n");
                }
                analyzer.finish();
                assertThat(analyzer.keptBytes().used()).as("kept bytes still held").isZero();
                new JsonReport(collector, new InputJson(List.of(), AnalyzeCommand.packets(analyzer.stats())), null, 0)
                        .write(OutputStream.nullOutputStream());
            }
        }
    }
}
