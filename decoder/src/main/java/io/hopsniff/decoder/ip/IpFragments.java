package io.hopsniff.decoder.ip;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IPv4 and IPv6 fragment reassembly (RFC 791 §3.2, RFC 8200 §4.5) within a memory budget. A datagram is keyed by
 * version, addresses, protocol and identification; its fragments' payload bytes are kept until the last one (no
 * more fragments) and every hole are there, then the whole payload is handed back. Overlapping fragments keep
 * the first copy (as the TCP layer does) and a different second copy is reported; a datagram that does not complete
 * within the timeout (capture time) or would take the budget past its limit is dropped and reported. Only
 * fragmented traffic costs anything.
 */
public final class IpFragments {

    /** What happened to a fragment, for the caller's counters and anomalies. */
    public enum Result {
        /** Kept; the datagram is not complete yet. */
        HELD,
        /** It completed its datagram: {@link #datagram()} holds the payload. */
        COMPLETE,
        /** Its bytes differ from an overlapping fragment's (kept the first). */
        OVERLAP_CONFLICT,
        /** Dropped: the budget was full (its datagram is dropped too). */
        OVER_BUDGET,
        /** Dropped: it makes the datagram longer than an IP datagram can be. */
        BAD
    }

    /** The longest fragmentable part: IPv4's total length field; IPv6 jumbograms are never fragmented. */
    private static final int MAX_DATAGRAM = 65_535;

    private final long budgetBytes;
    private final int maxDatagrams;
    private final long timeoutNanos;
    private final Map<Key, Datagram> datagrams = new LinkedHashMap<>();
    private long heldBytes;
    private ByteBuffer complete;
    private int completeProtocol;
    private long expired;

    public IpFragments(long budgetBytes, int maxDatagrams, long timeoutNanos) {
        this.budgetBytes = budgetBytes;
        this.maxDatagrams = maxDatagrams;
        this.timeoutNanos = timeoutNanos;
    }

    private record Key(int version, int protocol, long id, ByteBuffer addresses) {
    }

    /** Bytes held of a datagram, from {@code offset} on. */
    private record Piece(int offset, byte[] bytes) {
        int end() {
            return offset + bytes.length;
        }
    }

    private static final class Datagram {
        final long firstNanos;
        /** Sorted by offset, non-overlapping. */
        final ArrayList<Piece> pieces = new ArrayList<>();
        int length = -1;
        int held;
        int protocol = -1;

        Datagram(long firstNanos) {
            this.firstNanos = firstNanos;
        }
    }

    /** After {@link Result#COMPLETE}: the reassembled payload (the upper-layer header first). */
    public ByteBuffer datagram() {
        return complete;
    }

    /** After {@link Result#COMPLETE}: the upper-layer protocol of the datagram (its first fragment's). */
    public int protocol() {
        return completeProtocol;
    }

    /** Datagrams dropped incomplete so far (timeout or the end of the capture). */
    public long expired() {
        return expired;
    }

    /** Bytes held now, for the budget's accounting. */
    public long heldBytes() {
        return heldBytes;
    }

    /** One fragment, as {@code ip} describes it in {@code data}. */
    public Result add(IpPacket ip, ByteBuffer data, long timestampNanos) {
        expire(timestampNanos);
        complete = null;
        int n = ip.payloadCapturedEnd - ip.payloadOffset;
        if (ip.fragmentOffset + n > MAX_DATAGRAM || n < 0) {
            return Result.BAD;
        }
        byte[] addresses = new byte[2 * ip.addressLength];
        System.arraycopy(ip.source, 0, addresses, 0, ip.addressLength);
        System.arraycopy(ip.destination, 0, addresses, ip.addressLength, ip.addressLength);
        Key key = new Key(ip.version, ip.version == 4 ? ip.protocol : 0, ip.fragmentId, ByteBuffer.wrap(addresses));
        Datagram d = datagrams.get(key);
        if (d == null) {
            if (datagrams.size() >= maxDatagrams || heldBytes + n > budgetBytes) {
                return Result.OVER_BUDGET;
            }
            d = new Datagram(timestampNanos);
            datagrams.put(key, d);
        } else if (heldBytes + n > budgetBytes) {
            drop(key, d);
            return Result.OVER_BUDGET;
        }
        if (ip.fragmentOffset == 0 || d.protocol < 0) {
            d.protocol = ip.protocol; // the first fragment's says what the datagram carries
        }
        if (!ip.moreFragments) {
            d.length = ip.fragmentOffset + n;
        }
        boolean conflict = insert(d, ip.fragmentOffset, data, ip.payloadOffset, n);
        if (d.length >= 0 && covered(d)) {
            datagrams.remove(key);
            heldBytes -= d.held;
            byte[] whole = new byte[d.length];
            for (Piece p : d.pieces) {
                if (p.offset() < d.length) { // bytes past the last fragment's end are no part of the datagram
                    System.arraycopy(p.bytes(), 0, whole, p.offset(), Math.min(p.bytes().length, d.length - p.offset()));
                }
            }
            complete = ByteBuffer.wrap(whole);
            completeProtocol = d.protocol;
            return Result.COMPLETE;
        }
        return conflict ? Result.OVERLAP_CONFLICT : Result.HELD;
    }

    /**
     * Keeps the bytes of {@code [offset, offset + n)} not held yet (first copy wins); true when an overlapping
     * copy differs.
     */
    private boolean insert(Datagram d, int offset, ByteBuffer data, int from, int n) {
        boolean conflict = false;
        int end = offset + n;
        int pos = offset;
        int i = 0;
        while (pos < end) {
            while (i < d.pieces.size() && d.pieces.get(i).end() <= pos) {
                i++;
            }
            Piece next = i < d.pieces.size() ? d.pieces.get(i) : null;
            if (next != null && next.offset() <= pos) {
                int stop = Math.min(end, next.end());
                for (int k = pos; k < stop; k++) {
                    conflict |= next.bytes()[k - next.offset()] != data.get(from + (k - offset));
                }
                pos = stop;
                continue;
            }
            int stop = next == null ? end : Math.min(end, next.offset());
            byte[] bytes = new byte[stop - pos];
            data.get(from + (pos - offset), bytes);
            d.pieces.add(i, new Piece(pos, bytes));
            d.held += bytes.length;
            heldBytes += bytes.length;
            pos = stop;
        }
        return conflict;
    }

    private static boolean covered(Datagram d) {
        int pos = 0;
        for (int i = 0; i < d.pieces.size() && pos < d.length; i++) {
            if (d.pieces.get(i).offset() > pos) {
                return false;
            }
            pos = Math.max(pos, d.pieces.get(i).end());
        }
        return pos >= d.length;
    }

    /** Drops datagrams older than the timeout (all of them with {@code Long.MAX_VALUE}: the end of the capture). */
    public void expire(long nowNanos) {
        Iterator<Map.Entry<Key, Datagram>> it = datagrams.entrySet().iterator();
        while (it.hasNext()) {
            Datagram d = it.next().getValue();
            if (nowNanos != Long.MAX_VALUE && nowNanos - d.firstNanos <= timeoutNanos) {
                break; // insertion order is arrival order: the rest are younger
            }
            heldBytes -= d.held;
            expired++;
            it.remove();
        }
    }

    private void drop(Key key, Datagram d) {
        datagrams.remove(key);
        heldBytes -= d.held;
    }
}
