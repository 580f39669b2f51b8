package io.hopsniff.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the repository and the shared corpus are, from Maven's hopsniff.root or the working directory. */
final class TestPaths {
    private TestPaths() {
    }

    static Path repoRoot() {
        String prop = System.getProperty("hopsniff.root");
        Path start = prop != null ? Paths.get(prop) : Paths.get("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("decoder")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return start;
    }

    /** {@code ../shared/corpus/public} beside the repository (CI lays shared/ there). */
    static Path corpus() {
        return repoRoot().resolve("../shared/corpus/public").normalize();
    }

    static Path samples() {
        return repoRoot().resolve("samples");
    }
}
