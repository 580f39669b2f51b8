package io.hopsniff.capture.file;

import io.hopsniff.testkit.RepoPaths;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared public capture corpus: {@code <repo>/../shared/corpus/public}. */
final class Corpus {

    private Corpus() {
    }

    static Path dir() {
        Path dir = RepoPaths.corpus();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("corpus not found at " + dir + ": set -Dhopsniff.root to the repository root");
        }
        return dir;
    }

    static Path file(String name) {
        return dir().resolve(name);
    }
}
