package io.hopsniff.capture.file;

import io.hopsniff.testkit.RepoPaths;

import java.nio.file.Path;

/** The public capture corpus in the repository: {@code <repo>/corpus/public}. */
final class Corpus {

    private Corpus() {
    }

    static Path dir() {
        return RepoPaths.corpus();
    }

    static Path file(String name) {
        return dir().resolve(name);
    }
}
