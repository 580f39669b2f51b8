package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Small files with one job: no main source file grows past 500 lines unnoticed (issue #10's bound). */
class SourceSizeTest {

    private static final int MAX_LINES = 500;

    @Test
    void noMainSourceFileIsOver500Lines() throws IOException {
        List<String> over = new ArrayList<>();
        for (String module : List.of("capture", "decoder", "report", "cli", "testkit")) {
            Path main = RepoPaths.root().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    long lines = Files.readAllLines(f).size();
                    if (lines > MAX_LINES) {
                        over.add(RepoPaths.root().relativize(f) + " (" + lines + ")");
                    }
                }
            }
        }
        assertThat(over).as("main source files over " + MAX_LINES + " lines").isEmpty();
    }
}
