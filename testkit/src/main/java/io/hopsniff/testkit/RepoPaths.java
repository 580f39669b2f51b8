package io.hopsniff.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository, its recorded samples and the public capture corpus are: from Maven's {@code hopsniff.root}
 * system property (the parent POM sets it for every module's tests), else found by walking up from the working
 * directory, so a test also runs from an IDE.
 */
public final class RepoPaths {

    private RepoPaths() {
    }

    /** The repository root: the directory with the parent pom.xml and the decoder module. */
    public static Path root() {
        String prop = System.getProperty("hopsniff.root");
        Path start = prop != null && !prop.isBlank() ? Path.of(prop) : Path.of("");
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("decoder")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return start.toAbsolutePath();
    }

    /** {@code samples/}: captures recorded here, with the software's own logs. */
    public static Path samples() {
        return root().resolve("samples");
    }

    /** {@code ../shared/corpus/public} beside the repository (CI lays shared/ there). */
    public static Path corpus() {
        return root().resolve("../shared/corpus/public").normalize();
    }
}
