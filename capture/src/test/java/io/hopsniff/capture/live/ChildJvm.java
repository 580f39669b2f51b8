package io.hopsniff.capture.live;

import io.hopsniff.testkit.WorldReadableClasspath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link LiveProbe} in a child JVM, optionally behind a wrapper command such as {@code unshare -n}. */
final class ChildJvm {

    record Result(int exitCode, Map<String, String> values, String output) {
    }

    private ChildJvm() {
    }

    static Result run(List<String> wrapper, List<String> jvmOptions, String... probeArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(WorldReadableClasspath.shared()); // the child may drop to nobody
        cmd.add(LiveProbe.class.getName());
        cmd.addAll(List.of(probeArgs));
        // output to a file, not a pipe, so a hung child cannot block us past the timeout
        Path log = Files.createTempFile("hopsniff-probe", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("child JVM did not finish: " + cmd);
            }
            return parse(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Result parse(int exitCode, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z-]+")) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Result(exitCode, values, text);
    }
}
