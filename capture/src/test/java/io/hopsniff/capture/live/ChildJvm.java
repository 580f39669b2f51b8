package io.hopsniff.capture.live;

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
        cmd.add(readableClasspath());
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

    private static String readable;

    /**
     * The child may drop to nobody, who cannot read a class path under /root/.m2 or a 0700 clone directory:
     * it runs from a world-readable copy (made once, removed when the test JVM exits).
     */
    private static synchronized String readableClasspath() throws IOException {
        if (readable != null) {
            return readable;
        }
        Path root = Files.createTempDirectory(Path.of("/tmp"), "hopsniff-childcp");
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = root.resolve((i++) + "-" + src.getFileName());
            try (var walk = Files.walk(src)) {
                for (Path p : walk.toList()) {
                    Path target = Files.isRegularFile(src) ? dst : dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            entries.add(dst.toString());
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a leftover copy under /tmp is harmless
            }
        }));
        readable = String.join(java.io.File.pathSeparator, entries);
        return readable;
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
