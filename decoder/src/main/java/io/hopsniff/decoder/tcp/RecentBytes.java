package io.hopsniff.decoder.tcp;

import java.nio.ByteBuffer;

/**
 * The bytes one direction delivered most recently, in a ring indexed by stream offset: what a retransmission is
 * compared with (a conflict is a TCP_OVERLAP_CONFLICT). The ring is sized to what it keeps, from {@value #MIN} to
 * {@value #MAX} bytes and is handed back to the tracker's {@link RingPool} once everything delivered was
 * acknowledged, so an idle or acknowledged connection keeps no copy of its stream, and the next message of a
 * keep-alive connection reuses a ring instead of allocating (and growing) a new one: measured on the benchmark's
 * 1 GiB capture, allocating a ring per message cost about a tenth of the run in copies and garbage collection.
 */
final class RecentBytes {
    static final int MIN = 1024;
    static final int MAX = 16 * 1024;

    private final RingPool pool;
    private byte[] ring;
    /** Bytes below this offset are unknown (a gap was declared, or nothing was kept). */
    private long validFrom;

    RecentBytes(RingPool pool) {
        this.pool = pool;
    }

    /** Bytes held (0 once all of it was acknowledged). */
    int size() {
        return ring == null ? 0 : ring.length;
    }

    /** Nothing below {@code offset} is known any more; the ring is kept for what follows (a gap). */
    void forgetBefore(long offset) {
        validFrom = offset;
    }

    /**
     * The receiver acknowledged the bytes below {@code offset}: they are not compared any more, and the ring need
     * not hold them (with delayed ACKs a sender is a segment or two ahead of the last ACK, so a message's ring stays
     * small instead of growing with the message).
     */
    void acknowledged(long offset) {
        validFrom = Math.max(validFrom, offset);
    }

    /** Lets the ring go (everything acknowledged, or the connection ended); what follows starts at {@code offset}. */
    void release(long offset) {
        validFrom = offset;
        if (ring != null) {
            pool.give(ring);
            ring = null;
        }
    }

    /**
     * Keeps {@code length} delivered bytes at stream {@code offset}, from {@code data} or else {@code array}. False
     * when the pool's limit refused a ring or its growth: then fewer of the latest bytes are kept (none without a
     * ring), and retransmissions of those not kept are counted but not compared.
     */
    boolean keep(ByteBuffer data, byte[] array, int from, int length, long offset) {
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
