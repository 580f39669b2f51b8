package io.hopsniff.capture.file;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared public capture corpus: {@code <repo>/../shared/corpus/public}. */
final class Corpus {

    private Corpus() {
    }

    static Path dir() {
        String root = System.getProperty("hopsniff.root");
        if (root != null && !root.isBlank()) {
            Path candidate = Path.of(root).toAbsolutePath().resolveSibling("shared").resolve("corpus/public");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        // Run outside Maven: walk up from the working directory.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/corpus/public");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("corpus not found: set -Dhopsniff.root to the repository root");
    }

    static Path file(String name) {
        return dir().resolve(name);
    }
}
