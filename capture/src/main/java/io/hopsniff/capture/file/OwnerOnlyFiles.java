package io.hopsniff.capture.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creating a file as a root tool must: the new file is this process's own, mode 0600 from its first byte, and
 * never reached through a link or owned by somebody else ({@code O_CREAT|O_EXCL|O_NOFOLLOW}). An existing
 * regular file of this process's user is replaced; a symbolic link, a FIFO, a device, a directory or another
 * user's file is refused with a reason.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** A new, empty, owner-only file at {@code target}, open for writing. */
    public static FileChannel create(Path target) throws IOException {
        Path p = target.toAbsolutePath();
        refuseUnsafe(p);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
        }
        try {
            try {
                return FileChannel.open(p, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                return FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("it appeared while hopsniff was creating it (somebody else is writing there)");
        }
    }

    /**
     * Throws, with the reason, when {@code p} exists and is not a regular file of this process's user: hopsniff
     * will not write through a link, into a FIFO or a device, or into a file another user created first.
     */
    public static void refuseUnsafe(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(p)) {
            throw new IOException("it is a symbolic link; hopsniff does not follow links when it writes");
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("it is not a regular file (a FIFO, a device or a directory)");
        }
        Integer owner = uid(p);
        Integer self = uid(Path.of("/proc/self"));
        if (owner != null && self != null && !owner.equals(self)) {
            throw new IOException("it belongs to uid " + owner + ", not to hopsniff's user (uid " + self
                    + "); remove it or choose another name");
        }
    }

    private static Integer uid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // not a Unix file system: nothing to compare
        }
    }
}
