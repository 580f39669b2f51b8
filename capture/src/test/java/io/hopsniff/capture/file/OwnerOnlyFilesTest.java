package io.hopsniff.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a root tool may write into: a file planted by another user (a link to a file it wants overwritten, a FIFO
 * that would hang the writer, a file it owns and could read) is refused with a reason; only the tool's own regular
 * file is replaced, and the new file is owner-only from its first byte.
 */
class OwnerOnlyFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(tmp.resolve("out.pcap"), victim);
        assertThatThrownBy(() -> OwnerOnlyFiles.create(link)).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-r--r--");
    }

    @Test
    void aFifoOrADirectoryIsRefused() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        assertThatThrownBy(() -> OwnerOnlyFiles.create(fifo)).hasMessageContaining("not a regular file");
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        assertThatThrownBy(() -> OwnerOnlyFiles.create(dir)).hasMessageContaining("not a regular file");
    }

    @Test
    void anotherUsersFileIsRefused() throws IOException {
        Path theirs = Files.writeString(tmp.resolve("theirs.pcap"), "");
        try {
            Files.setAttribute(theirs, "unix:uid", 65534); // nobody; only root may give a file away
        } catch (IOException e) {
            assumeTrue(false, "not root: cannot plant another user's file");
        }
        assertThatThrownBy(() -> OwnerOnlyFiles.create(theirs)).hasMessageContaining("belongs to uid 65534");
        assertThat(Files.getAttribute(theirs, "unix:uid")).isEqualTo(65534);
    }

    @Test
    void ourOwnFileIsReplacedByANewOwnerOnlyOne() throws IOException {
        Path ours = Files.writeString(tmp.resolve("ours.pcap"), "old contents");
        Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (FileChannel c = OwnerOnlyFiles.create(ours)) {
            assertThat(c.size()).isZero();
        }
        assertThat(Files.size(ours)).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ours))).isEqualTo("rw-------");
        try (FileChannel c = OwnerOnlyFiles.create(tmp.resolve("new.pcap"))) {
            assertThat(c.isOpen()).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("new.pcap"))))
                .isEqualTo("rw-------");
    }
}
