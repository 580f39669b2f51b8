package io.hopsniff.decoder.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The first bytes of a body, kept up to a limit and grown as they arrive: a large {@code --body-bytes} costs
 * memory only for bodies that are that large, never the limit up front for every message in flight.
 */
public final class PrefixBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int FIRST = 256;

    private byte[] bytes = EMPTY;
    private int length;

    public int length() {
        return length;
    }

    /**
     * Keeps up to {@code max - length()} of the {@code n} bytes at {@code index} of {@code b} (absolute reads; the
     * buffer's position does not move); returns how many were kept.
     */
    public int append(ByteBuffer b, int index, int n, int max) {
        int k = Math.min(n, max - length);
        if (k <= 0) {
            return 0;
        }
        ensure(length + k, max);
        b.get(index, bytes, length, k);
        length += k;
        return k;
    }

    /** The bytes kept so far, as a new array. */
    public byte[] toArray() {
        return length == 0 ? EMPTY : Arrays.copyOf(bytes, length);
    }

    private void ensure(int need, int max) {
        if (need > bytes.length) {
            long grown = Math.max((long) need, Math.max(FIRST, 2L * bytes.length));
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, max));
        }
    }
}
