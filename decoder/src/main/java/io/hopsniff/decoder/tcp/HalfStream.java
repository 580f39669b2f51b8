package io.hopsniff.decoder.tcp;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * Reassembly of one direction of a connection, keyed by its sender (it does not change when roles are swapped).
 *
 * <p>Sequence numbers become long stream offsets relative to the first sequence number (ISN + 1 after a SYN, else
 * the first one seen), computed as a signed 32-bit distance from the next expected byte, so wrap-around across
 * 2^32 is handled however long the stream runs. In-order bytes are delivered straight from the packet buffer;
 * bytes ahead of a hole are copied into {@link #pending} (sorted, non-overlapping, first copy wins) within the
 * per-direction budget. A small ring of the most recently delivered bytes lets retransmissions be checked for
 * conflicting content without keeping the stream.
 */
final class HalfStream {
    /** A segment more than this far ahead of the next expected byte is garbage, not data. */
    static final long MAX_AHEAD = 1L << 30;
    /** Gap anomalies per direction; further gaps are only counted (FlowStats.gaps). */
    private static final int MAX_GAP_ANOMALIES = 16;
    /**
     * What a held segment costs beyond its bytes (the range record, the array header, the list slot), charged
     * against the reassembly budget with them: a flood of 1-byte segments is bounded by the budget like a few
     * large ones, not 60 times over it. A byte-less range (counting-only connection) costs this alone.
     */
    static final int SEGMENT_OVERHEAD = 64;

    private final TcpConnection connection;
    final int side;

    boolean started;
    /** Sequence number of stream offset 0. */
    private int baseSeq;
    /** Next stream offset to deliver: everything below was delivered or declared a gap. */
    long next;
    boolean synSeen;
    int synSeq;
    /** The other side's acknowledgement number seen before this direction sent anything (mid-stream start). */
    private int peerAck;
    private boolean peerAckSeen;
    /** The offset up to which the other side acknowledged this direction's bytes. */
    private long acknowledgedTo;
    /** Started mid-stream from a segment without payload, nothing delivered since. */
    private boolean startedEmpty;
    boolean finSeen;
    long finOffset;
    boolean finDelivered;

    private ArrayList<Pending> pending;
    private int pendingBytes;
    private final RecentBytes recent;

    long packets;
    long wireBytes;
    long deliveredBytes;
    long gaps;
    long gapBytes;
    long retransmissions;
    long outOfOrder;
    long overlapConflicts;

    /**
     * Bytes held ahead of a hole. For a counting-only connection (no consumer) only the range is kept, with
     * {@code bytes} null, so that hole accounting stays exact; each range is charged its bytes plus
     * {@link #SEGMENT_OVERHEAD} of the budget. {@code position}: where the bytes are in the capture file, or -1.
     */
    private record Pending(long offset, int length, byte[] bytes, long position) {
        long end() {
            return offset + length;
        }

        int cost() {
            return (bytes == null ? 0 : length) + SEGMENT_OVERHEAD;
        }
    }

    HalfStream(TcpConnection connection, int side) {
        this.connection = connection;
        this.side = side;
        this.recent = new RecentBytes(connection.tracker.rings, connection.tracker.storedFiles);
    }

    FlowStats stats() {
        return new FlowStats(packets, wireBytes, deliveredBytes, gaps, gapBytes, retransmissions, outOfOrder,
                overlapConflicts);
    }

    /** Bytes kept of the delivered stream for the retransmission check (0 once all of it was acknowledged). */
    int retainedBytes() {
        return recent.size();
    }

    boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    /**
     * Where a direction first seen without its SYN starts. Bytes the other side had already acknowledged are old
     * (a retransmission, a keep-alive probe), so the stream starts at its ACK when one was seen. Else a lone
     * 1-byte segment is taken for a keep-alive probe (RFC 9293 §3.8.4: one byte below the next sequence number,
     * already sent): the stream starts after it, since a probe's byte is not data. (An empty probe, as Linux
     * sends, is recognised when the first data lands one byte after it.)
     */
    private int midStreamBase(int seq, int wire, boolean fin) {
        if (peerAckSeen && peerAck - seq > 0 && peerAck - seq < MAX_AHEAD) {
            return peerAck;
        }
        return wire == 1 && !fin ? seq + 1 : seq;
    }

    /** The stream offset of a sequence number of this direction (meaningful once started). */
    long offsetOf(int seq) {
        return next + (seq - (baseSeq + (int) next));
    }

    /** Distance of a SYN's sequence number from where this direction is; used to tell a new incarnation. */
    long synDistance(int seq) {
        return offsetOf(seq + 1) - next;
    }

    /**
     * One segment of this direction. {@code captured} payload bytes are at {@code payload} in {@code data};
     * {@code wire} is the payload length on the wire ({@code >= captured}).
     */
    void segment(ByteBuffer data, int payload, int captured, int wire, int seq, boolean syn, boolean fin, long ts) {
        packets++;
        wireBytes += wire;
        if (syn) {
            if (!synSeen) {
                synSeen = true;
                synSeq = seq;
            }
            seq++;
        }
        if (!started) {
            started = true;
            baseSeq = syn || synSeen ? seq : midStreamBase(seq, wire, fin);
            startedEmpty = !syn && !synSeen && wire == 0;
            next = 0;
            recent.forgetBefore(0);
        }
        if (wire == 0 && !fin) {
            return;
        }
        long off = offsetOf(seq);
        if (startedEmpty && off == 1 && next == 0 && !hasPending()) {
            baseSeq++; // the empty segment it started from was a keep-alive probe, one below the next byte
            off = 0;
        }
        startedEmpty = false;
        if (off - next > MAX_AHEAD) {
            connection.tracker.outOfWindow++;
            return;
        }
        if (fin && !finSeen) {
            finSeen = true;
            finOffset = off + wire;
        }
        if (finSeen && wire > 0 && off + wire > finOffset) {
            connection.tracker.dataAfterClose++;
            if (connection.once(AnomalyType.TCP_DATA_AFTER_CLOSE)) {
                connection.report(AnomalyType.TCP_DATA_AFTER_CLOSE, ts, "offset=" + off + ", fin_offset=" + finOffset
                        + ", direction=" + connection.directionOf(side).shortName());
            }
            wire = (int) Math.max(0, finOffset - off);
            captured = Math.min(captured, wire);
        }
        if (wire > 0) {
            long end = off + wire;
            if (end <= next) {
                retransmissions++;
                connection.history(side, 'T');
                checkRecent(data, payload, off, captured, ts);
                if (connection.once(AnomalyType.TCP_RETRANSMISSION)) {
                    connection.report(AnomalyType.TCP_RETRANSMISSION, ts, "first_offset=" + off + ", direction="
                            + connection.directionOf(side).shortName());
                }
            } else {
                if (off < next) {
                    int skip = (int) (next - off);
                    int skipCaptured = Math.min(captured, skip);
                    checkRecent(data, payload, off, skipCaptured, ts);
                    payload += skipCaptured;
                    captured -= skipCaptured;
                    wire -= skip;
                    off = next;
                }
                if (off == next) {
                    deliverInOrder(data, payload, captured, wire, off, ts);
                } else {
                    bufferOutOfOrder(data, payload, captured, wire, off, ts);
                }
            }
        }
        maybeFin(ts);
    }

    /**
     * The other side acknowledged up to {@code ackSeq}: bytes below it reached the receiver even if we missed them.
     * A sender retransmits what was not acknowledged, so acknowledged bytes are no longer kept for comparing (a
     * retransmission of them is still counted, only not compared): once everything delivered is acknowledged the
     * recent bytes are let go, so an idle or acknowledged connection keeps no copy of its stream; before that, the
     * ring need not grow for them.
     */
    void acknowledged(int ackSeq, long ts) {
        if (!started) {
            peerAck = ackSeq;
            peerAckSeen = true;
            return;
        }
        long target = offsetOf(ackSeq);
        if (finSeen && target > finOffset) {
            target = finOffset;
        }
        if (target < next) {
            acknowledgedTo = Math.max(acknowledgedTo, target);
            recent.acknowledged(target); // part of what was delivered: those bytes need no comparing any more
            return;
        }
        if (target - next > MAX_AHEAD) {
            return; // garbage
        }
        if (target > next) {
            declareUpTo(target, ts);
            maybeFin(ts);
        }
        acknowledgedTo = target;
        recent.release(next);
    }

    /**
     * Whether a RST with this sequence number resets the receiver: one at the next byte this direction sends (RFC
     * 5961 §3.2), which the capture places between what the receiver acknowledged and what was sent, or one past the
     * FIN. The receiver ignores any other (a challenge ACK at most): forged, or from a stack out of step.
     */
    boolean resetAcceptable(int seq) {
        if (!started) {
            return true;
        }
        long off = offsetOf(seq);
        return off >= Math.min(acknowledgedTo, next) - 1 && off <= next + 1 || finSeen && off == finOffset + 1;
    }

    /** End of the connection for hopsniff: every hole becomes a gap, buffered bytes are delivered, FIN if seen. */
    void flush(long ts) {
        if (hasPending()) {
            declareUpTo(pending.get(pending.size() - 1).end(), ts);
        }
        if (finSeen && next < finOffset) {
            declareUpTo(finOffset, ts);
        }
        maybeFin(ts);
        pending = null;
        connection.tracker.bufferedTotal -= pendingBytes;
        pendingBytes = 0;
        recent.release(next);
    }

    private void maybeFin(long ts) {
        if (finSeen && !finDelivered && next >= finOffset) {
            finDelivered = true;
            connection.finDelivered(side, ts);
        }
    }

    private void deliverInOrder(ByteBuffer data, int payload, int captured, int wire, long off, long ts) {
        long segmentEnd = off + wire;
        long capturedEnd = off + captured;
        long pos = off;
        boolean truncated = captured < wire;
        while (pos < segmentEnd) {
            Pending first = hasPending() ? pending.get(0) : null;
            long stop = first == null ? segmentEnd : Math.min(segmentEnd, first.offset);
            long capturedStop = Math.min(stop, capturedEnd);
            if (pos < capturedStop) {
                deliverFromPacket(data, payload + (int) (pos - off), (int) (capturedStop - pos), pos, ts);
                pos = capturedStop;
            }
            if (pos < stop) {
                gap(stop - pos, ts);
                pos = stop;
            }
            if (first != null && pos >= first.offset) {
                long overlapEnd = Math.min(first.end(), capturedEnd);
                if (overlapEnd > pos && first.bytes != null) {
                    compare(data, payload + (int) (pos - off), first.bytes, (int) (pos - first.offset),
                            (int) (overlapEnd - pos), pos, ts);
                }
                pending.remove(0);
                pendingBytes -= first.cost();
                connection.tracker.bufferedTotal -= first.cost();
                deliverPending(first, (int) (next - first.offset), ts);
                pos = Math.max(pos, next);
            }
        }
        if (truncated) {
            connection.tracker.snaplenTruncated++;
        }
        drainPending(ts);
    }

    private void bufferOutOfOrder(ByteBuffer data, int payload, int captured, int wire, long off, long ts) {
        outOfOrder++;
        if (connection.once(AnomalyType.TCP_OUT_OF_ORDER)) {
            connection.report(AnomalyType.TCP_OUT_OF_ORDER, ts, "first_offset=" + off + ", expected=" + next
                    + ", direction=" + connection.directionOf(side).shortName());
        }
        if (captured < wire) {
            connection.tracker.snaplenTruncated++;
        }
        if (captured == 0) {
            return;
        }
        int budget = connection.tracker.limits.maxBufferedBytesPerDirection();
        int cost = (connection.delivering() ? captured : 0) + SEGMENT_OVERHEAD;
        if ((long) pendingBytes + cost > budget || connection.tracker.bufferedTotal + cost > connection.tracker.bufferedLimit) {
            connection.tracker.reassemblyLimitHits++;
            if (connection.once(AnomalyType.TCP_REASSEMBLY_LIMIT)) {
                connection.report(AnomalyType.TCP_REASSEMBLY_LIMIT, ts, "buffered=" + pendingBytes + ", limit="
                        + budget + ", buffered_all=" + connection.tracker.bufferedTotal + ", limit_all="
                        + connection.tracker.bufferedLimit + ", hole_at=" + next + ", direction=" + connection.directionOf(side).shortName());
            }
            declareUpTo(off, ts);
            if (next == off) {
                deliverInOrder(data, payload, captured, wire, off, ts);
            }
            return;
        }
        insert(data, payload, off, captured, ts);
    }

    /** Adds the captured bytes [off, off+length) to pending, keeping existing bytes where they overlap. */
    private void insert(ByteBuffer data, int payload, long off, int length, long ts) {
        if (pending == null) {
            pending = new ArrayList<>(4);
        }
        long cur = off;
        long end = off + length;
        int i = firstEndingAfter(cur);
        while (cur < end) {
            if (i == pending.size() || pending.get(i).offset >= end) {
                addPiece(i, data, payload + (int) (cur - off), cur, (int) (end - cur));
                return;
            }
            Pending p = pending.get(i);
            if (p.offset > cur) {
                addPiece(i, data, payload + (int) (cur - off), cur, (int) (p.offset - cur));
                i++;
                cur = p.offset;
            }
            long overlapEnd = Math.min(end, p.end());
            if (p.bytes != null) {
                compare(data, payload + (int) (cur - off), p.bytes, (int) (cur - p.offset), (int) (overlapEnd - cur),
                        cur, ts);
            }
            cur = overlapEnd;
            i++;
        }
    }

    private int firstEndingAfter(long offset) {
        int lo = 0;
        int hi = pending.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pending.get(mid).end() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void addPiece(int index, ByteBuffer data, int from, long offset, int length) {
        byte[] copy = null;
        if (connection.delivering()) {
            copy = new byte[length];
            data.get(from, copy, 0, length);
        }
        Pending p = new Pending(offset, length, copy, connection.tracker.storedFiles.positionOf(data, from));
        pending.add(index, p);
        pendingBytes += p.cost();
        connection.tracker.bufferedTotal += p.cost();
    }

    /** Releases buffered bytes and declares holes as gaps until {@link #next} reaches {@code target}. */
    private void declareUpTo(long target, long ts) {
        while (next < target) {
            if (hasPending() && pending.get(0).offset <= next) {
                drainPending(ts);
                continue;
            }
            long gapEnd = hasPending() ? Math.min(target, pending.get(0).offset) : target;
            gap(gapEnd - next, ts);
        }
        drainPending(ts);
    }

    private void drainPending(long ts) {
        while (hasPending() && pending.get(0).offset <= next) {
            Pending p = pending.remove(0);
            pendingBytes -= p.cost();
            connection.tracker.bufferedTotal -= p.cost();
            if (p.end() > next) {
                deliverPending(p, (int) (next - p.offset), ts);
            }
        }
    }

    private void gap(long length, long ts) {
        long at = next;
        next += length;
        gaps++;
        gapBytes += length;
        recent.forgetBefore(next);
        connection.history(side, 'G');
        if (gaps <= MAX_GAP_ANOMALIES) {
            connection.report(AnomalyType.TCP_GAP, ts, "offset=" + at + ", length=" + length + ", direction="
                    + connection.directionOf(side).shortName() + (gaps == MAX_GAP_ANOMALIES ? ", further gaps counted only" : ""));
        }
        connection.emitGap(side, at, length, ts);
    }

    private void deliverFromPacket(ByteBuffer data, int from, int length, long offset, long ts) {
        next = offset + length;
        deliveredBytes += length;
        if (connection.delivering()) {
            if (!recent.keep(data, null, from, length, offset, connection.tracker.storedFiles.positionOf(data, from))) {
                compareLimit(ts);
            }
            connection.emitData(side, data, from, length, offset, ts);
        } else {
            recent.release(next); // nothing kept from here on (a consumer failed): nothing older is compared
        }
    }

    private void deliverPending(Pending p, int from, long ts) {
        int length = p.length - from;
        long at = p.offset + from;
        byte[] bytes = p.bytes;
        next = at + length;
        deliveredBytes += length;
        if (bytes != null && connection.delivering()) {
            if (!recent.keep(null, bytes, from, length, at, p.position < 0 ? -1 : p.position + from)) {
                compareLimit(ts);
            }
            connection.emitArray(side, bytes, from, length, at, ts);
        } else {
            recent.release(next);
        }
    }

    /** The pool refused this direction a ring, or its growth: fewer of its latest bytes are kept for comparing. */
    private void compareLimit(long ts) {
        connection.tracker.compareLimitHits++;
        if (connection.once(AnomalyType.TCP_COMPARE_LIMIT)) {
            connection.report(AnomalyType.TCP_COMPARE_LIMIT, ts, "kept=" + recent.size() + ", limit_all="
                    + connection.tracker.rings.limit() + " (held by all connections together), direction="
                    + connection.directionOf(side).shortName());
        }
    }

    /** Compares captured bytes of a segment at stream offset {@code off} with the recently delivered ones. */
    private void checkRecent(ByteBuffer data, int payload, long off, int length, long ts) {
        long at = recent.firstDifference(data, payload, off, length, next);
        if (at >= 0) {
            conflict(at, Math.min(off + length, next) - at, ts);
        }
    }

    private void compare(ByteBuffer data, int from, byte[] bytes, int bytesFrom, int length, long offset, long ts) {
        for (int i = 0; i < length; i++) {
            if (data.get(from + i) != bytes[bytesFrom + i]) {
                conflict(offset + i, length - i, ts);
                return;
            }
        }
    }

    private void conflict(long offset, long length, long ts) {
        overlapConflicts++;
        if (connection.once(AnomalyType.TCP_OVERLAP_CONFLICT)) {
            connection.report(AnomalyType.TCP_OVERLAP_CONFLICT, ts, "offset=" + offset + ", length<=" + length
                    + ", direction=" + connection.directionOf(side).shortName());
        }
    }
}
