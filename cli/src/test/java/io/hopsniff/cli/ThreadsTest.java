package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --threads}: the report is the same whether the decoding thread reports itself (1) or hands its events to
 * a report thread (2), on every real capture we hold, with bodies and WebSocket payloads kept and with the
 * connection limit hit (evictions interleave with the exchanges). Only the report's generation time may differ.
 */
class ThreadsTest {

    @TempDir
    Path tmp;

    static Stream<Path> captures() throws IOException {
        try (Stream<Path> samples = Files.list(RepoPaths.samples()); Stream<Path> corpus = Files.list(RepoPaths.corpus())) {
            return Stream.concat(samples, corpus)
                    .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void oneThreadAndTwoWriteTheSameReport(Path capture) throws IOException {
        for (List<String> options : List.of(List.of("--body-bytes", "256", "--ws-payload-bytes", "64"),
                List.of("--max-connections", "2"))) {
            String one = report(capture, "1", options);
            String two = report(capture, "2", options);
            assertThat(two).as("%s %s", capture.getFileName(), options).isEqualTo(one);
        }
    }

    @Test
    void aNegativeCountIsAUsageError() {
        CliRun run = CliRun.run("analyze", RepoPaths.samples().resolve("dashboard-incident.pcap").toString(),
                "--threads", "-1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("hopsniff: --threads must be 0 (as many as help) or more, not -1");
    }

    /** The JSON report of one run, its generation time cut out; the run's exit code and messages are part of it. */
    private String report(Path capture, String threads, List<String> options) throws IOException {
        Path out = tmp.resolve("report-" + threads + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("analyze", capture.toString(), "--threads", threads,
                "-o", out.toString(), "--format", "json", "-q"));
        args.addAll(options);
        CliRun run = CliRun.run(args.toArray(String[]::new));
        String json = Files.exists(out) ? Files.readString(out) : "(no report)";
        return "exit " + run.exitCode() + "\n" + run.err() + "\n"
                + json.replaceFirst("\"generated\":\\{[^}]*\\}", "\"generated\":{}");
    }
}
