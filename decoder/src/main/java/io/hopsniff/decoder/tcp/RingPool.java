package io.hopsniff.decoder.tcp;

import java.util.ArrayDeque;

/**
 * Rings of {@link RecentBytes} handed back by connections whose bytes were all acknowledged, kept for the next
 * message instead of becoming garbage. One per tracker (one thread). It counts the rings the directions hold, and
 * refuses one that would take them past {@link #IN_USE_LIMIT}; the rings waiting here fill what the directions'
 * rings leave of that limit, so held and waiting together never pass it (beyond, a ring given back is left to the
 * GC). A fixed 2 MiB of waiting rings was too few with thousands of connections at once: on the benchmark's
 * 300 MB with 10 000 flows, rings were 137 MB of the run's 379 MB of allocation, many of them copied by young
 * collections before they died.
 */
final class RingPool {
    /**
     * Bytes the directions' rings may hold at once, in all. Each direction keeps up to {@value RecentBytes#MAX}
     * unacknowledged bytes; 20 000 connections whose receivers never acknowledged ran the 176 MiB heap out of
     * memory (320 MiB of rings). The benchmark's captures peak at 4.1-4.2 MB (1 and 3 GiB), 13.9 MB (10 000
     * connections at once) and 16.3 MB (50 000), well below.
     */
    static final int IN_USE_LIMIT = 24 * 1024 * 1024;

    /** What an array of {@link RecentBytes#RUNS} runs costs on the heap (its header and two longs a run). */
    static final int RUNS_BYTES = 16 + 2 * RecentBytes.RUNS * Long.BYTES;

    /** Free rings by size class: MIN, MIN * 2, ... MAX. */
    private final ArrayDeque<byte[]>[] free;
    /** Free arrays of runs (one size). */
    private final ArrayDeque<long[]> freeRuns = new ArrayDeque<>();
    private int keptBytes;
    private int limit;
    /** Bytes of the rings directions hold (not those waiting here). */
    private long inUse;

    RingPool() {
        this(IN_USE_LIMIT);
    }

    @SuppressWarnings("unchecked")
    RingPool(int limit) {
        this.limit = limit;
        int classes = 0;
        for (int s = RecentBytes.MIN; s <= RecentBytes.MAX; s <<= 1) {
            classes++;
        }
        free = new ArrayDeque[classes];
        for (int i = 0; i < classes; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * A ring of {@code size} bytes (MIN times a power of two, up to MAX) whose old content is stale, or null when
     * the directions' rings would hold more than the limit with it ({@code replacing}: the size of a ring the caller
     * gives back for it).
     */
    byte[] take(int size, int replacing) {
        if (inUse - replacing + size > limit) {
            return null;
        }
        inUse += size;
        byte[] ring = free[index(size)].pollLast();
        if (ring == null) {
            trim(); // waiting rings of other sizes make room for the new one
            return new byte[size];
        }
        keptBytes -= size;
        return ring;
    }

    /**
     * An array for {@link RecentBytes#RUNS} runs of positions (stale content), counted against the same limit as the
     * rings, or null when the directions would hold more than the limit with it.
     */
    long[] takeRuns() {
        if (inUse + RUNS_BYTES > limit) {
            return null;
        }
        inUse += RUNS_BYTES;
        long[] runs = freeRuns.pollLast();
        if (runs == null) {
            trim();
            return new long[2 * RecentBytes.RUNS];
        }
        keptBytes -= RUNS_BYTES;
        return runs;
    }

    void giveRuns(long[] runs) {
        inUse -= RUNS_BYTES;
        if (inUse + keptBytes + RUNS_BYTES <= limit) {
            freeRuns.addLast(runs);
            keptBytes += RUNS_BYTES;
        }
    }

    /**
     * The heap is nearly full (TCP_MEMORY_LIMIT): halves the limit, down to its floor (never up), and lets go of
     * the waiting rings beyond what it leaves.
     */
    int tighten() {
        limit = (int) HeapPressure.halved(limit, HeapPressure.FLOOR_BYTES);
        trim();
        return limit;
    }

    /** Lets waiting rings go, the largest first, until held and waiting rings together are within the limit. */
    private void trim() {
        while (!freeRuns.isEmpty() && inUse + keptBytes > limit) {
            freeRuns.pollLast();
            keptBytes -= RUNS_BYTES;
        }
        for (int i = free.length - 1; i >= 0 && inUse + keptBytes > limit; i--) {
            while (!free[i].isEmpty() && inUse + keptBytes > limit) {
                keptBytes -= free[i].pollLast().length;
            }
        }
    }

    /** Bytes of the rings waiting here for a direction. */
    int waiting() {
        return keptBytes;
    }

    /** The limit on the bytes directions' rings hold, for an anomaly's detail. */
    int limit() {
        return limit;
    }

    void give(byte[] ring) {
        inUse -= ring.length;
        if (inUse + keptBytes + ring.length <= limit) {
            free[index(ring.length)].addLast(ring);
            keptBytes += ring.length;
        }
    }

    private static int index(int size) {
        return Integer.numberOfTrailingZeros(size) - Integer.numberOfTrailingZeros(RecentBytes.MIN);
    }
}
