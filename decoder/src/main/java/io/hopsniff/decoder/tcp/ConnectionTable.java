package io.hopsniff.decoder.tcp;

/**
 * The tracker's connections by 4-tuple: open addressing with linear probing, each slot's hash beside it in an
 * {@code int[]}. Every packet looks its connection up; with thousands of connections interleaved the lookup is a
 * chain of cache misses, and a {@code HashMap} adds one per step (its node) before the key is even compared:
 * here a probe reads the hash array and touches a connection only when the hash matches. At most half full.
 * Single-threaded, like the tracker; never iterated (the tracker's lists keep the order).
 */
final class ConnectionTable {
    private static final int INITIAL = 1024;

    private int[] hashes = new int[INITIAL];
    private TcpConnection[] slots = new TcpConnection[INITIAL];
    private int size;

    int size() {
        return size;
    }

    /** The connection with this key, or null. */
    TcpConnection get(ConnectionKey key) {
        int i = slotOf(key);
        return i < 0 ? null : slots[i];
    }

    /** The slot holding the connection with this key, or -1. */
    private int slotOf(ConnectionKey key) {
        int h = key.hashCode();
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            TcpConnection c = slots[i];
            if (c == null) {
                return -1;
            }
            if (hashes[i] == h && c.key.equals(key)) {
                return i;
            }
        }
    }

    /** Adds a connection whose key is not in the table. */
    void add(TcpConnection c) {
        if (size + 1 > slots.length / 2) {
            grow();
        }
        insert(c);
        size++;
    }

    /** Removes the connection with this key, if any. */
    void remove(ConnectionKey key) {
        int i = slotOf(key);
        if (i < 0) {
            return;
        }
        int mask = slots.length - 1;
        slots[i] = null;
        size--;
        // Backward-shift deletion (Knuth, vol. 3, 6.4, algorithm R): no tombstones, so lookups stay short.
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!stays) {
                slots[i] = slots[j];
                hashes[i] = hashes[j];
                slots[j] = null;
                i = j;
            }
        }
    }

    private void insert(TcpConnection c) {
        int h = c.key.hashCode();
        int mask = slots.length - 1;
        int i = h & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = c;
        hashes[i] = h;
    }

    private void grow() {
        TcpConnection[] old = slots;
        slots = new TcpConnection[old.length * 2];
        hashes = new int[old.length * 2];
        for (TcpConnection c : old) {
            if (c != null) {
                insert(c);
            }
        }
    }
}
