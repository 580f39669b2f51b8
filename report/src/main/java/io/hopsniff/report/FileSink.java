package io.hopsniff.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A buffered stream into a file that also takes another file's bytes by a channel transfer. The report's big
 * arrays are spooled to disk, then copied into the document, and the document into each JSON target: tens of
 * megabytes on a big capture, which a read and a write through the heap copy twice more in user space, on the
 * main thread, after the decoding is done. A transfer lets the kernel copy them (sendfile between two files).
 * Not thread-safe: one writer, like any stream.
 */
public final class FileSink extends OutputStream {

    /** Large enough that the report's small writes (a separator, a field) are one system call per 64 KiB. */
    private static final int BUFFER = 1 << 16;

    private final FileChannel channel;
    /** Closing the sink closes the channel: it was opened for the sink. */
    private final boolean ownsChannel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

    private FileSink(FileChannel channel, boolean ownsChannel) {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
    }

    /** Creates or truncates {@code path} for writing, as {@code Files.newOutputStream} does. */
    public static FileSink open(Path path) throws IOException {
        return new FileSink(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE), true);
    }

    /**
     * A sink into a channel its caller keeps: closing the sink only flushes it. For a file that must still be
     * forced to the device after a renderer closed the stream it was given (renderers may: Jackson's generators do).
     */
    public static FileSink over(FileChannel channel) {
        return new FileSink(channel, false);
    }

    /**
     * Appends {@code count} bytes of {@code source} from {@code position} to {@code out}: by a channel transfer
     * when {@code out} is a sink, else through a buffer. Stops early only where {@code source} ends; returns the
     * bytes copied. {@code source}'s own position is left alone, so a writer may go on appending to it.
     */
    public static long copy(FileChannel source, long position, long count, OutputStream out) throws IOException {
        if (out instanceof FileSink sink) {
            return sink.transferFrom(source, position, count);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(count, 1)));
        long done = 0;
        while (done < count) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), count - done));
            int n = source.read(buf, position + done);
            if (n <= 0) {
                break;
            }
            out.write(buf.array(), 0, n);
            done += n;
        }
        return done;
    }

    private long transferFrom(FileChannel source, long position, long count) throws IOException {
        drain();
        long done = 0;
        while (done < count) {
            long n = source.transferTo(position + done, count - done, channel);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buffer.remaining()) {
            drain();
        }
        if (len >= buffer.capacity()) {
            writeFully(ByteBuffer.wrap(b, off, len));
        } else {
            buffer.put(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            drain();
        } finally {
            if (ownsChannel) {
                channel.close();
            }
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
