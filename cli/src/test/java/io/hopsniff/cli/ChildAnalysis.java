package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code hopsniff analyze PCAP -o REPORT -q OPTIONS…} in a JVM of its own with the heap a test chooses, so an
 * OutOfMemoryError or a hang is the child's: it must exit 0 within its time. Returns what it printed.
 */
final class ChildAnalysis {

    private ChildAnalysis() {
    }

    static String run(Path pcap, Path report, String heap, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "analyze", pcap.toString(), "-o", report.toString(), "-q"));
        cmd.addAll(List.of(options));
        Path out = report.resolveSibling(report.getFileName() + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(170, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("analysis of " + pcap.getFileName() + " did not finish");
        }
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed).isZero();
        return printed;
    }

    /** The same, with the report written beside the capture ({@code PCAP.json}), read back. */
    static JsonNode report(Path pcap, String heap, String... options) throws Exception {
        Path report = pcap.resolveSibling(pcap.getFileName() + ".json");
        run(pcap, report, heap, options);
        return CliRun.readJson(report);
    }
}
