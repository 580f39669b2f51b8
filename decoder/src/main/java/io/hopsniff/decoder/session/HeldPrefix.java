package io.hopsniff.decoder.session;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A small bounded copy of a stream's first bytes, kept while the connection's protocol is undecided. */
final class HeldPrefix {
    private static final byte[] EMPTY = new byte[0];

    private final int limit;
    private byte[] bytes = EMPTY;
    private int size;
    private long firstNanos;
    private long firstOffset;

    HeldPrefix(int limit) {
        this.limit = limit;
    }

    /**
     * Copies {@code b}'s remaining bytes, at {@code streamOffset} (without moving it); false, copying nothing,
     * when over the limit.
     */
    boolean add(ByteBuffer b, long streamOffset, long timestampNanos) {
        int n = b.remaining();
        if (size + n > limit) {
            return false;
        }
        if (size == 0) {
            firstNanos = timestampNanos;
            firstOffset = streamOffset;
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.min(limit, Math.max(256, bytes.length * 2))));
        }
        b.duplicate().get(bytes, size, n);
        size += n;
        return true;
    }

    int size() {
        return size;
    }

    long firstNanos() {
        return firstNanos;
    }

    long firstOffset() {
        return firstOffset;
    }

    ByteBuffer bytes() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    void clear() {
        size = 0;
        bytes = EMPTY;
    }
}
