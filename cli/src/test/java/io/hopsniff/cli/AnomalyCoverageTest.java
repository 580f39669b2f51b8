package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every anomaly id is exercised by a test: each id must be named in the test sources of some module (the tests
 * assert on ids, not on message text — STYLE.md rule 12). The diagnosis ids have their own, stricter check
 * (report's CoverageTest re-runs the test named for each id).
 */
class AnomalyCoverageTest {

    @Test
    void everyAnomalyIdIsNamedByATest() throws IOException {
        StringBuilder tests = new StringBuilder();
        for (String module : List.of("capture", "decoder", "report", "cli")) {
            Path dir = RepoPaths.root().resolve(module).resolve("src/test/java");
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> !p.getFileName().toString().equals("AnomalyCoverageTest.java"))
                        .forEach(p -> {
                            try {
                                tests.append(Files.readString(p)).append('\n');
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            }
        }
        List<String> untested = new ArrayList<>();
        for (AnomalyType t : AnomalyType.values()) {
            if (!Pattern.compile("\\b" + t.name() + "\\b").matcher(tests).find()) {
                untested.add(t.name());
            }
        }
        assertThat(untested).as("anomaly ids no test names").isEmpty();
    }
}
