package io.hopsniff.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A cursor over a file or a stream (a FIFO, a pipe, a character device: size unknown, no seeking), read through
 * one large reused direct buffer.
 *
 * <p>Readers ask for {@link #request(int) n bytes at the cursor}, read header fields at offsets relative
 * to it, hand out {@link #view(int, int) a view} of a record's bytes and {@link #advance(int) move on}.
 * The view is one read-only buffer reused for every packet, so the hot path allocates nothing. Records
 * larger than the buffer make it grow to fit them.
 */
final class ChannelInput {

    private final ReadableByteChannel channel;
    /** The file's size, or -1 for a stream: its end is known only when a read returns it. */
    private final long fileSize;
    private ByteBuffer buffer;
    private ByteBuffer view;
    /** File offset of buffer index 0. */
    private long bufferStart;

    /** {@code fileSize} -1: {@code channel} is a stream, read to its end and never seeked. */
    ChannelInput(ReadableByteChannel channel, long fileSize, int bufferSize) {
        this.channel = channel;
        this.fileSize = fileSize;
        allocate(Math.max(1, bufferSize));
        buffer.limit(0);
    }


    /** Bytes read from the channel so far (a stream's size, once its end was read). */
    long bytesRead() {
        return bufferStart + buffer.limit();
    }

    /** File offset of the cursor. */
    long offset() {
        return bufferStart + buffer.position();
    }

    /**
     * {@code want}, or fewer when the input ends first: how many of the next {@code want} bytes exist. A file
     * answers from its size; a stream is read ahead (into the buffer, where the reader wants them next).
     */
    long available(long want) throws IOException {
        if (fileSize >= 0) {
            return Math.min(want, fileSize - offset());
        }
        int n = (int) Math.min(want, Integer.MAX_VALUE - 8);
        return request(n) ? want : buffer.remaining();
    }

    void order(ByteOrder order) {
        buffer.order(order);
    }

    ByteOrder order() {
        return buffer.order();
    }

    /** Makes at least {@code n} bytes available at the cursor; false when the file ends first. */
    boolean request(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return true;
        }
        return fill(n);
    }

    private boolean fill(int n) throws IOException {
        if (n > buffer.capacity()) {
            grow(n);
        } else {
            bufferStart += buffer.position();
            buffer.compact();
            buffer.flip();
        }
        // Read into the free space after the limit, as much as fits: few large reads are what makes this fast.
        while (buffer.remaining() < n) {
            int start = buffer.position();
            int end = buffer.limit();
            buffer.position(end).limit(buffer.capacity());
            int read = channel.read(buffer);
            buffer.limit(buffer.position()).position(start);
            if (read < 0) {
                return false;
            }
            if (read == 0 && buffer.limit() == buffer.capacity()) {
                throw new IllegalStateException("buffer full before " + n + " bytes were available");
            }
        }
        return true;
    }

    private void grow(int n) {
        ByteBuffer old = buffer;
        int newCapacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) n, 2L * old.capacity()));
        allocate(newCapacity);
        bufferStart += old.position();
        buffer.put(old);
        buffer.flip();
    }

    private void allocate(int capacity) {
        ByteOrder order = buffer == null ? ByteOrder.BIG_ENDIAN : buffer.order();
        buffer = ByteBuffer.allocateDirect(capacity).order(order);
        view = buffer.asReadOnlyBuffer();
    }

    /**
     * Moves the cursor {@code n} bytes on, seeking past whatever is not buffered.
     * Callers check {@link #available} first; skipping past the end is a programmer error.
     */
    void skip(long n) throws IOException {
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
            return;
        }
        long target = offset() + n;
        if (fileSize < 0) {
            // A stream cannot seek: read through what is skipped (the reader checked it is there).
            while (offset() < target) {
                if (buffer.remaining() == 0 && !fill(1)) {
                    throw new IllegalArgumentException("skip past the end of the stream: " + target);
                }
                buffer.position(buffer.position() + (int) Math.min(buffer.remaining(), target - offset()));
            }
            return;
        }
        if (target > fileSize) {
            throw new IllegalArgumentException("skip past the end of the file: " + target + " > " + fileSize);
        }
        ((FileChannel) channel).position(target);
        bufferStart = target;
        buffer.clear().limit(0);
    }

    /** Moves the cursor {@code n} buffered bytes on. */
    void advance(int n) {
        buffer.position(buffer.position() + n);
    }

    int u8(int offset) {
        return buffer.get(buffer.position() + offset) & 0xff;
    }

    int u16(int offset) {
        return buffer.getShort(buffer.position() + offset) & 0xffff;
    }

    int i32(int offset) {
        return buffer.getInt(buffer.position() + offset);
    }

    long u32(int offset) {
        return buffer.getInt(buffer.position() + offset) & 0xffffffffL;
    }

    long i64(int offset) {
        return buffer.getLong(buffer.position() + offset);
    }

    /** The reused big-endian read-only view of {@code length} bytes at {@code offset}; valid until the next call. */
    ByteBuffer view(int offset, int length) {
        int start = buffer.position() + offset;
        view.clear().position(start).limit(start + length);
        view.order(ByteOrder.BIG_ENDIAN);
        return view;
    }
}
