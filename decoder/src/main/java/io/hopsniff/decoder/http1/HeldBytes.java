package io.hopsniff.decoder.http1;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Client bytes sent after an Upgrade/CONNECT request and before its answer, with the time of each data call.
 * Bounded by {@code capacity}; once a byte is dropped (over the limit, or a gap) nothing later is kept, so the
 * kept bytes are always a contiguous prefix and the rest becomes one gap of {@link #lost()} bytes.
 */
final class HeldBytes {

    private final int capacity;
    private byte[] bytes = new byte[0];
    private int length;
    private long[] times = new long[4];
    private int[] ends = new int[4];
    private int segments;
    private long dropped;
    private long gapped;
    /** The stream offset of the first byte held (or lost), -1 before any. */
    private long firstOffset = -1;

    HeldBytes(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps what fits of the {@code n} bytes at stream offset {@code offset}; returns how many were dropped. */
    int add(ByteBuffer b, int index, int n, long offset, long ts) {
        if (firstOffset < 0) {
            firstOffset = offset;
        }
        int keep = (dropped > 0 || gapped > 0) ? 0 : Math.min(n, capacity - length);
        if (keep > 0) {
            if (length + keep > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(capacity, Math.max(length + keep, bytes.length * 2 + 256)));
            }
            b.get(index, bytes, length, keep);
            length += keep;
            if (segments == times.length) {
                times = Arrays.copyOf(times, segments * 2);
                ends = Arrays.copyOf(ends, segments * 2);
            }
            times[segments] = ts;
            ends[segments++] = length;
        }
        dropped += n - keep;
        return n - keep;
    }

    void gap(long offset, long n) {
        if (firstOffset < 0) {
            firstOffset = offset;
        }
        gapped += n;
    }

    boolean isEmpty() {
        return length == 0 && dropped == 0 && gapped == 0;
    }

    int length() {
        return length;
    }

    long dropped() {
        return dropped;
    }

    /** Bytes that will never be delivered: dropped over the limit plus gaps. */
    long lost() {
        return dropped + gapped;
    }

    int segments() {
        return segments;
    }

    long time(int segment) {
        return times[segment];
    }

    /** The stream offset of a segment's first byte. */
    long offset(int segment) {
        return firstOffset + start(segment);
    }

    /** The stream offset where the lost bytes begin (they all follow the kept ones). */
    long lostOffset() {
        return firstOffset + length;
    }

    int start(int segment) {
        return segment == 0 ? 0 : ends[segment - 1];
    }

    int end(int segment) {
        return ends[segment];
    }

    byte[] array() {
        return bytes;
    }
}
