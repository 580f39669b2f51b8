package io.hopsniff.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a partial report,
 * with mode 0600 from the start (the temp file is created owner-only, so there is no window where it is
 * readable by others).
 */
public final class AtomicFiles {

    /** Produces the file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            // A FIFO or a device (also through a link): writing through would be neither atomic nor safe, and a
            // FIFO without a reader would hang. Leave -o out to print to stdout.
            throw new IOException("not a regular file (a FIFO, a device or a directory); a report is written "
                    + "by renaming a new file into place");
        }
        Path dir = absolute.getParent();
        Path temp = createTemp(dir, absolute.getFileName().toString());
        PENDING.add(temp);
        boolean moved = false;
        try {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                FileSink out = FileSink.over(channel);
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
            PENDING.remove(temp);
        }
    }

    /** Temp files being written: a shutdown hook (Ctrl-C, SIGTERM) removes those left behind. */
    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort on the way out; the file is owner-only
                }
            }
        }, "hopsniff-temp-cleanup"));
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        try {
            return Files.createTempFile(dir, "." + name + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, "." + name + ".", ".tmp");
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create a temporary file in " + dir, e);
        }
    }
}
