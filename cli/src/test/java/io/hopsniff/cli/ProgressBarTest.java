package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar shows only on a terminal. A child JVM has pipes, not a terminal, so without the override it
 * must stay silent; HOPSNIFF_PROGRESS=1 forces it on (and it is cleared at the end), =0 forces it off.
 */
class ProgressBarTest {

    @TempDir
    Path tmp;

    @Test
    void decision() {
        assertThat(ProgressBar.enabled(null, true, false)).isTrue();
        assertThat(ProgressBar.enabled(null, true, true)).isFalse();
        assertThat(ProgressBar.enabled(null, false, false)).isFalse();
        assertThat(ProgressBar.enabled("1", false, true)).isTrue();
        assertThat(ProgressBar.enabled("0", true, false)).isFalse();
    }

    @Test
    void onlyOnATerminalOrWhenForced() throws Exception {
        String forced = stderr("1");
        assertThat(forced).contains("\r[", "pkt/s", "ETA", "KiB");
        assertThat(forced).as("cleared at the end").endsWith("\r");
        assertThat(stderr("0")).doesNotContain("\r[");
        assertThat(stderr(null)).as("no terminal in a child process").doesNotContain("\r[");
    }

    private String stderr(String override) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "analyze",
                RepoPaths.samples().resolve("dashboard-incident.pcap").toString(), "-o", tmp.resolve("r.json").toString(),
                "-q"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.remove(ProgressBar.ENV);
        if (override != null) {
            env.put(ProgressBar.ENV, override);
        }
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        return err;
    }
}
