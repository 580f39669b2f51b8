package io.hopsniff.decoder.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The first bytes of a body, kept up to a limit and grown as they arrive: a large {@code --body-bytes} costs
 * memory only for bodies that are that large, never the limit up front for every message in flight. What it
 * allocates is charged to the run's {@link KeptBytes} budget and given back by {@link #take()}.
 */
public final class PrefixBuffer {

    private static final byte[] EMPTY = new byte[0];
    private static final int FIRST = 256;

    private final KeptBytes budget;
    private byte[] bytes = EMPTY;
    private int length;
    private boolean starved;

    public PrefixBuffer(KeptBytes budget) {
        this.budget = budget;
    }

    public int length() {
        return length;
    }

    /** True when the budget refused bytes this message wanted to keep. */
    public boolean starved() {
        return starved;
    }

    /**
     * Keeps up to {@code max - length()} of the {@code n} bytes at {@code index} of {@code b} (absolute reads; the
     * buffer's position does not move), as far as the budget allows; returns how many were kept.
     */
    public int append(ByteBuffer b, int index, int n, int max) {
        int k = Math.min(n, max - length);
        if (k <= 0) {
            return 0;
        }
        k = Math.min(k, ensure(length + k, max) - length);
        if (k <= 0) {
            return 0;
        }
        b.get(index, bytes, length, k);
        length += k;
        return k;
    }

    /** The bytes kept, as a new array; the buffer is emptied and its budget given back. */
    public byte[] take() {
        byte[] out = length == 0 ? EMPTY : Arrays.copyOf(bytes, length);
        budget.give(bytes.length);
        bytes = EMPTY;
        length = 0;
        return out;
    }

    /** Grows towards {@code need} within the budget; returns the capacity there is. */
    private int ensure(int need, int max) {
        if (need > bytes.length) {
            long grown = Math.min(Math.max((long) need, Math.max(FIRST, 2L * bytes.length)), max);
            if (!budget.take(grown - bytes.length)) {
                // Doubling is refused: try for exactly what is needed before giving up.
                if (need >= grown || !budget.take(need - bytes.length)) {
                    starved = true;
                    return bytes.length;
                }
                grown = need;
            }
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
        return bytes.length;
    }
}
