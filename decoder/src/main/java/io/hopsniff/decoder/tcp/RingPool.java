package io.hopsniff.decoder.tcp;

import java.util.ArrayDeque;

/**
 * Rings of {@link RecentBytes} handed back by connections whose bytes were all acknowledged, kept for the next
 * message instead of becoming garbage. One per tracker (one thread). Bounded: at most {@value #KEPT_BYTES} bytes
 * wait here (a fixed cost, beside the per-connection budgets); beyond, a ring given back is left to the GC.
 */
final class RingPool {
    static final int KEPT_BYTES = 2 * 1024 * 1024;

    /** Free rings by size class: MIN, MIN * 4, ... MAX. */
    private final ArrayDeque<byte[]>[] free;
    private int keptBytes;

    @SuppressWarnings("unchecked")
    RingPool() {
        int classes = 0;
        for (int s = RecentBytes.MIN; s <= RecentBytes.MAX; s <<= 2) {
            classes++;
        }
        free = new ArrayDeque[classes];
        for (int i = 0; i < classes; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /** A ring of {@code size} bytes (MIN times a power of four, up to MAX); its old content is stale. */
    byte[] take(int size) {
        byte[] ring = free[index(size)].pollLast();
        if (ring == null) {
            return new byte[size];
        }
        keptBytes -= size;
        return ring;
    }

    void give(byte[] ring) {
        if (keptBytes + ring.length <= KEPT_BYTES) {
            free[index(ring.length)].addLast(ring);
            keptBytes += ring.length;
        }
    }

    private static int index(int size) {
        return (Integer.numberOfTrailingZeros(size) - Integer.numberOfTrailingZeros(RecentBytes.MIN)) / 2;
    }
}
