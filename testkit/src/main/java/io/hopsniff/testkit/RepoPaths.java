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

    /**
     * {@code corpus/public}: public captures from other projects' test suites with tshark's decoding of each as an
     * oracle (see its MANIFEST.md and LICENSES.md). It lives in the repository, so a bare clone tests itself; a
     * missing corpus fails the tests that read it instead of skipping them.
     */
    public static Path corpus() {
        Path dir = root().resolve("corpus/public");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("capture corpus not found at " + dir + ": run the tests from a full clone");
        }
        return dir;
    }
}
