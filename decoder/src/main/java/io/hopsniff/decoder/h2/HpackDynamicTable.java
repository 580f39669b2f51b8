package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.HttpHeader;

/**
 * RFC 7541 §2.3.2 / §4: the dynamic table, newest entry first, sizes counted as name + value + 32 octets. A ring
 * of entries that never holds more than {@code capacity} octets' worth (so at most capacity / 32 entries), however
 * large a size the peer announces. Its octets are held from the run's budget for all tables while in the table
 * ({@link Http2Decoder#HPACK_TABLES_LIMIT}).
 */
final class HpackDynamicTable {

    static final int ENTRY_OVERHEAD = 32;

    private HttpHeader[] ring = new HttpHeader[8];
    private int head;   // slot of the newest entry
    private int count;
    private long size;
    private long maxSize;
    private final long capacity;
    private final KeptBytes budget;

    /** @param capacity hopsniff's own bound; the table never grows past it whatever the peer says */
    HpackDynamicTable(long maxSize, long capacity) {
        this(maxSize, capacity, KeptBytes.unlimited());
    }

    HpackDynamicTable(long maxSize, long capacity, KeptBytes budget) {
        this.capacity = capacity;
        this.maxSize = Math.min(maxSize, capacity);
        this.budget = budget;
    }

    /** Applies a size (§4.3, §6.3); returns false when it had to be capped at hopsniff's capacity. */
    boolean setMaxSize(long requested) {
        maxSize = Math.min(requested, capacity);
        evictTo(maxSize);
        return requested <= capacity;
    }

    long maxSize() {
        return maxSize;
    }

    long size() {
        return size;
    }

    int length() {
        return count;
    }

    /** @param index 0 = newest */
    HttpHeader get(int index) {
        return ring[(head + index) % ring.length];
    }

    /**
     * Inserts {@code h} (§4.4); false, with the table emptied, when the budget has no room for it: the encoder's
     * table then differs from this one, so the direction's later blocks cannot be decoded.
     */
    boolean add(HttpHeader h) {
        long entry = entrySize(h);
        if (entry > maxSize) {
            // §4.4: an entry larger than the table empties it and is not inserted
            evictTo(0);
            return true;
        }
        evictTo(maxSize - entry);
        if (!budget.take(entry)) {
            evictTo(0);
            return false;
        }
        if (count == ring.length) {
            HttpHeader[] bigger = new HttpHeader[ring.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i + 1] = get(i);
            }
            ring = bigger;
            head = 1;
        }
        head = (head - 1 + ring.length) % ring.length;
        ring[head] = h;
        count++;
        size += entry;
        return true;
    }

    /** Empties the table and gives its octets back (the connection ended, or this direction's state was lost). */
    void release() {
        evictTo(0);
    }

    /** The budget's limit, for an anomaly's detail. */
    long budgetLimit() {
        return budget.limit();
    }

    static long entrySize(HttpHeader h) {
        return (long) h.name().length() + h.value().length() + ENTRY_OVERHEAD;
    }

    private void evictTo(long target) {
        while (size > target && count > 0) {
            int oldest = (head + count - 1) % ring.length;
            long entry = entrySize(ring[oldest]);
            size -= entry;
            budget.give(entry);
            ring[oldest] = null;
            count--;
        }
    }
}
