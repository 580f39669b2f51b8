package io.hopsniff.capture.file;

import io.hopsniff.capture.StoredPackets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A capture file read again at given positions, through a channel of its own (positional reads: the reader's
 * sequential ones are not disturbed, and a file renamed or replaced meanwhile is still the one that was read).
 */
final class FilePackets implements StoredPackets {

    private final FileChannel channel;

    private FilePackets(FileChannel channel) {
        this.channel = channel;
    }

    /** The file opened for reading again, or null when it cannot be (its packets then come without positions). */
    static FilePackets open(Path path) {
        try {
            return new FilePackets(FileChannel.open(path, StandardOpenOption.READ));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    @Override
    public boolean read(long position, ByteBuffer dst) {
        try {
            while (dst.hasRemaining()) {
                int n = channel.read(dst, position);
                if (n <= 0) {
                    return false;
                }
                position += n;
            }
            return true;
        } catch (IOException e) {
            return false; // closed, or the disk failed: those bytes are unknown
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written: nothing is lost
        }
    }
}
