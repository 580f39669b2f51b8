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

    /** What the first array of {@link RecentBytes#RUNS} runs costs on the heap (its header and two longs a run). */
    static final int RUNS_BYTES = runsBytes(RecentBytes.RUNS);

    /** Free rings by size class: MIN, MIN * 2, ... MAX. */
    private final ArrayDeque<byte[]>[] free;
    /** Free arrays of runs by size class: RUNS, RUNS * 4, ... MAX_RUNS runs. */
    private final ArrayDeque<long[]>[] freeRuns;
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
        freeRuns = new ArrayDeque[runsIndex(RecentBytes.MAX_RUNS) + 1];
        for (int i = 0; i < freeRuns.length; i++) {
            freeRuns[i] = new ArrayDeque<>();
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
     * An array for {@code count} runs of positions ({@link RecentBytes#RUNS} times a power of four, stale content),
     * counted against the same limit as the rings, or null when the directions would hold more than the limit with
     * it ({@code replacing}: the bytes of an array the caller gives back for it).
     */
    long[] takeRuns(int count, int replacing) {
        int bytes = runsBytes(count);
        if (inUse - replacing + bytes > limit) {
            return null;
        }
        inUse += bytes;
        long[] runs = freeRuns[runsIndex(count)].pollLast();
        if (runs == null) {
            trim();
            return new long[2 * count];
        }
        keptBytes -= bytes;
        return runs;
    }

    void giveRuns(long[] runs) {
        int bytes = runsBytes(runs.length / 2);
        inUse -= bytes;
        if (inUse + keptBytes + bytes <= limit) {
            freeRuns[runsIndex(runs.length / 2)].addLast(runs);
            keptBytes += bytes;
        }
    }

    /** What an array of {@code count} runs costs on the heap: its header and two longs a run. */
    static int runsBytes(int count) {
        return 16 + 2 * count * Long.BYTES;
    }

    private static int runsIndex(int count) {
        return (Integer.numberOfTrailingZeros(count) - Integer.numberOfTrailingZeros(RecentBytes.RUNS)) / 2;
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
        for (int i = freeRuns.length - 1; i >= 0 && inUse + keptBytes > limit; i--) {
            while (!freeRuns[i].isEmpty() && inUse + keptBytes > limit) {
                keptBytes -= runsBytes(freeRuns[i].pollLast().length / 2);
            }
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
