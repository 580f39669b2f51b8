package io.hopsniff.decoder.tcp;

import java.nio.ByteBuffer;

/**
 * The bytes one direction delivered most recently and the receiver has not acknowledged: what a retransmission is
 * compared with (a conflict is a TCP_OVERLAP_CONFLICT). Kept one of two ways.
 *
 * <p>Bytes that came from a capture file are not copied: only where each run of them lies in the file is kept
 * (a packet each), and a retransmission that overlaps them reads them back ({@link StoredFiles}). Copying every
 * delivered byte into a ring took a tenth of the main thread on the benchmark's 10 000-connection capture, and the
 * rings were its largest per-connection state. {@value #RUNS} runs at first; while they cover less than the ring's
 * {@value #MAX} bytes (small segments: an evasion that cuts a request into 1-byte segments and changes one of them
 * in a retransmission later) the array grows, four times at a time, to {@value #MAX_RUNS} runs: never more heap
 * than the ring's largest.
 *
 * <p>Bytes read from a stream (a pipe, a compressed file, a live capture) are copied into a ring indexed by stream
 * offset, sized to what it keeps, from {@value #MIN} to {@value #MAX} bytes.
 *
 * <p>Either is handed back to the tracker's {@link RingPool} once everything delivered was acknowledged, so an idle
 * or acknowledged connection keeps nothing, and the next message of a keep-alive connection reuses a ring or an array
 * of runs instead of allocating one: measured on the benchmark's 1 GiB capture, allocating a ring per message cost
 * about a tenth of the run in copies and garbage collection.
 */
final class RecentBytes {
    static final int MIN = 1024;
    static final int MAX = 16 * 1024;
    /** Runs of positions kept at first: the oldest is let go for a new one (like the ring's oldest bytes). */
    static final int RUNS = 16;
    /** Runs kept at most, when they are small: 16 KiB of heap, as the ring at its largest. */
    static final int MAX_RUNS = 1024;

    private final RingPool pool;
    /** Where runs are read back from; null: a test's direction that only copies. */
    private final StoredFiles files;
    private byte[] ring;
    /**
     * Pairs (stream offset where a run of delivered bytes starts, its packed position in the capture file), oldest
     * first from {@link #firstRun}, wrapping; a run ends where the next one starts, the newest at the stream's end.
     */
    private long[] runs;
    private int firstRun;
    private int runCount;
    /** Bytes below this offset are unknown (a gap was declared, or nothing was kept). */
    private long validFrom;

    RecentBytes(RingPool pool) {
        this(pool, null);
    }

    RecentBytes(RingPool pool, StoredFiles files) {
        this.pool = pool;
        this.files = files;
    }

    /** Heap held for the check (0 once all of it was acknowledged). */
    int size() {
        return ring != null ? ring.length : runs != null ? RingPool.runsBytes(runs.length / 2) : 0;
    }

    /** Nothing below {@code offset} is known any more; the ring is kept for what follows (a gap). */
    void forgetBefore(long offset) {
        validFrom = offset;
        runCount = 0;
    }

    /**
     * The receiver acknowledged the bytes below {@code offset}: they are not compared any more, and the ring need
     * not hold them (with delayed ACKs a sender is a segment or two ahead of the last ACK, so a message's ring stays
     * small instead of growing with the message).
     */
    void acknowledged(long offset) {
        validFrom = Math.max(validFrom, offset);
        while (runCount > 1 && runStart(1) <= validFrom) {
            dropOldestRun();
        }
    }

    /** Lets the ring go (everything acknowledged, or the connection ended); what follows starts at {@code offset}. */
    void release(long offset) {
        validFrom = offset;
        releaseRing();
        releaseRuns();
    }

    private void releaseRing() {
        if (ring != null) {
            pool.give(ring);
            ring = null;
        }
    }

    private void releaseRuns() {
        if (runs != null) {
            pool.giveRuns(runs);
            runs = null;
            runCount = 0;
        }
    }

    /** {@link #keep(ByteBuffer, byte[], int, int, long, long)} of bytes that cannot be read again. */
    boolean keep(ByteBuffer data, byte[] array, int from, int length, long offset) {
        return keep(data, array, from, length, offset, -1);
    }

    /**
     * Keeps {@code length} delivered bytes at stream {@code offset}, from {@code data} or else {@code array}, or
     * only their {@code position} in the capture file when there is one (not -1). False when the pool's limit
     * refused a ring, its growth or an array of runs: then fewer of the latest bytes are kept (none without a ring),
     * and retransmissions of those not kept are counted but not compared.
     */
    boolean keep(ByteBuffer data, byte[] array, int from, int length, long offset, long position) {
        if (position >= 0 && files != null) {
            return keepPosition(length, offset, position);
        }
        if (runs != null) {
            // from a file to a stream (rare: the next file of a capture is compressed): what came before is unknown
            releaseRuns();
            validFrom = Math.max(validFrom, offset);
        }
        return keepBytes(data, array, from, length, offset);
    }

    private boolean keepPosition(int length, long offset, long position) {
        boolean refused = false;
        if (ring != null) {
            releaseRing(); // from a stream to a file: the same
            validFrom = Math.max(validFrom, offset);
        }
        if (runs == null) {
            runs = pool.takeRuns(RUNS, 0);
            runCount = 0;
            if (runs == null) {
                validFrom = offset + length;
                return false;
            }
        }
        if (runCount > 0) {
            int last = runCount - 1;
            if (runPosition(last) + (offset - runStart(last)) == position) {
                return true; // the rest of the same packet (delivered in parts around held bytes)
            }
            if (runCount == runs.length / 2) {
                // small runs (they cover less than the ring would) make room, up to MAX_RUNS; else the oldest goes
                boolean small = offset - runStart(0) < MAX && runs.length / 2 < MAX_RUNS;
                if (!small || !growRuns()) {
                    refused = small; // the pool's limit, as for a ring refused growth
                    dropOldestRun();
                    validFrom = Math.max(validFrom, runStart(0));
                }
            }
        } else {
            firstRun = 0;
        }
        int at = (firstRun + runCount++ & runs.length / 2 - 1) * 2; // capacities are powers of two
        runs[at] = offset;
        runs[at + 1] = position;
        return !refused;
    }

    private long runStart(int i) {
        return runs[(firstRun + i & runs.length / 2 - 1) * 2];
    }

    private long runPosition(int i) {
        return runs[(firstRun + i & runs.length / 2 - 1) * 2 + 1];
    }

    private void dropOldestRun() {
        firstRun = firstRun + 1 & runs.length / 2 - 1;
        runCount--;
    }

    /** Four times as many runs, oldest first from index 0; false when the pool refused them. */
    private boolean growRuns() {
        int count = runs.length / 2;
        long[] grown = pool.takeRuns(count * 4, RingPool.runsBytes(count));
        if (grown == null) {
            return false;
        }
        for (int i = 0; i < runCount; i++) {
            grown[2 * i] = runStart(i);
            grown[2 * i + 1] = runPosition(i);
        }
        pool.giveRuns(runs);
        runs = grown;
        firstRun = 0;
        return true;
    }

    private boolean keepBytes(ByteBuffer data, byte[] array, int from, int length, long offset) {
        long end = offset + length;
        boolean refused = false;
        if (ring == null) {
            ring = pool.take(sizeFor(length), 0);
            if (ring == null) {
                validFrom = end;
                return false;
            }
        } else if (ring.length < MAX && end - validFrom > ring.length) {
            byte[] grown = pool.take(sizeFor(end - validFrom), ring.length);
            if (grown == null) {
                refused = true; // the ring stays as it is: it wraps sooner
            } else {
                long keepFrom = Math.max(validFrom, offset - ring.length);
                copy(ring, grown, keepFrom, offset);
                pool.give(ring);
                ring = grown;
                // what the smaller ring no longer held is unknown: the larger one (from the pool) holds older bytes
                // there, which a retransmission must not be compared with
                validFrom = keepFrom;
            }
        }
        int mask = ring.length - 1;
        int skip = Math.max(0, length - ring.length);
        for (long o = offset + skip; o < end; ) {
            int at = (int) (o & mask);
            int run = (int) Math.min(end - o, ring.length - at);
            int src = from + (int) (o - offset);
            if (data != null) {
                data.get(src, ring, at, run);
            } else {
                System.arraycopy(array, src, ring, at, run);
            }
            o += run;
        }
        return !refused;
    }

    /**
     * The first stream offset in {@code [off, off + length)} below {@code next} where {@code data} (payload from
     * index {@code payload}) differs from the bytes kept, or -1 when all the kept ones match.
     */
    long firstDifference(ByteBuffer data, int payload, long off, int length, long next) {
        if (runs != null && runCount > 0 && length > 0) {
            return firstDifferenceFromFile(data, payload, off, length, next);
        }
        if (ring == null || length <= 0) {
            return -1;
        }
        long from = Math.max(off, Math.max(validFrom, next - ring.length));
        long to = Math.min(off + length, next);
        int mask = ring.length - 1;
        for (long o = from; o < to; o++) {
            if (data.get(payload + (int) (o - off)) != ring[(int) (o & mask)]) {
                return o;
            }
        }
        return -1;
    }

    /** {@link #firstDifference}, reading the kept runs back from the capture file. */
    private long firstDifferenceFromFile(ByteBuffer data, int payload, long off, int length, long next) {
        long from = Math.max(off, validFrom);
        long to = Math.min(off + length, next);
        for (int i = 0; i < runCount && from < to; i++) {
            long runEnd = i + 1 < runCount ? runStart(i + 1) : next;
            long start = runStart(i);
            if (runEnd <= from) {
                continue;
            }
            long a = Math.max(from, start);
            long b = Math.min(to, runEnd);
            while (a < b) {
                ByteBuffer read = files.scratch();
                read.limit((int) Math.min(read.capacity(), b - a));
                if (!files.read(runPosition(i) + (a - start), read)) {
                    break; // no longer readable: those bytes are unknown
                }
                for (int k = 0, n = read.limit(); k < n; k++) {
                    if (data.get(payload + (int) (a + k - off)) != read.get(k)) {
                        return a + k;
                    }
                }
                a += read.limit();
            }
            from = runEnd;
        }
        return -1;
    }

    /**
     * The smallest ring that holds {@code bytes} (a power of two from MIN), at most MAX: for a direction's first
     * bytes and for each growth. A first ring of MIN bytes whatever was kept held only the tail of a longer first
     * segment (a full-sized 1448 bytes: a POST's head and the start of its body), so a retransmission that changed
     * its request line was never compared. Powers of two, not of four: 4 KiB rings for single segments took 12 MiB
     * more at peak with 50 000 connections (and growth counts only what is not yet acknowledged, so it stays rare).
     */
    static int sizeFor(long bytes) {
        int size = MIN;
        while (size < MAX && size < bytes) {
            size <<= 1;
        }
        return size;
    }

    /** Copies the bytes of offsets {@code [start, end)} from one ring to another, in runs, not byte by byte. */
    private static void copy(byte[] from, byte[] to, long start, long end) {
        for (long o = start; o < end; ) {
            int a = (int) (o & (from.length - 1));
            int b = (int) (o & (to.length - 1));
            int run = (int) Math.min(end - o, Math.min(from.length - a, to.length - b));
            System.arraycopy(from, a, to, b, run);
            o += run;
        }
    }
}
