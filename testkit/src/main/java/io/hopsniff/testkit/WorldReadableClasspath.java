package io.hopsniff.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the test classpath that an unprivileged user can read (the originals sit under /root/.m2 or a 0700
 * clone directory), in a fresh world-traversable directory under /tmp. Used to run hopsniff (or a child JVM that
 * drops privileges) as nobody.
 */
public final class WorldReadableClasspath {

    private WorldReadableClasspath() {
    }

    private static String shared;

    /** One copy for the whole test JVM, removed when it exits. */
    public static synchronized String shared() throws IOException {
        if (shared == null) {
            String cp = copy();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    delete(cp);
                } catch (IOException e) {
                    // a leftover copy under /tmp is harmless
                }
            }));
            shared = cp;
        }
        return shared;
    }

    /** Copies every classpath entry; returns the new classpath string (delete it with {@link #delete}). */
    public static String copy() throws IOException {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "hopsniff-cp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = root.resolve((i++) + "-" + src.getFileName());
            copyTree(src, dst);
            entries.add(dst.toString());
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    public static void delete(String classpath) throws IOException {
        Path root = Path.of(classpath.split(java.io.File.pathSeparator)[0]).getParent();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        if (Files.isRegularFile(src)) {
            Files.copy(src, dst);
            return;
        }
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : all.toList()) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
