package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.KeptBytes;
import java.util.Arrays;

/**
 * The bytes of the head (or chunk-size line, or trailer section) being read, line by line.
 *
 * <p>Up to {@value #OWN} bytes are the direction's own while it reads a head (a cost per connection, which
 * {@code --max-connections} bounds); between heads it keeps at most {@value #FIRST}, enough for chunk-size lines.
 * Growth beyond {@value #OWN} is taken from the run's kept-bytes budget and given back when the buffer is cleared:
 * each head may be up to {@code --max-header-bytes}, but thousands of connections each holding an unfinished 60 KB
 * head would otherwise fill the heap (a capture of 10 000 of them ran the 176 MiB heap out of memory). When the budget has no room, {@link #append} refuses and the caller names it.
 */
final class LineBuffer {

    static final int OWN = 512;
    /**
     * The first allocation, and the most kept between heads: a head grows it to {@value #OWN}, then by doubling.
     * Keeping the 512 bytes cost 1 KiB per connection: 50 MB of the heap with 50 000 connections open, most of them
     * between requests.
     */
    static final int FIRST = 64;
    private static final byte[] EMPTY = new byte[0];

    private final KeptBytes budget;
    /** Grown on the first byte: a direction that never carries a head costs nothing here. */
    byte[] bytes = EMPTY;
    int length;
    /** Where the line being read starts. */
    int start;
    /** Bytes of {@link #bytes} taken from the budget. */
    private int charged;
    /** The last refusal was the budget's (the line is not longer than its own limit). */
    private boolean refused;

    LineBuffer(KeptBytes budget) {
        this.budget = budget;
    }

    /** Appends {@code c}; false, with nothing appended, when the buffer must grow and the run's budget is spent. */
    boolean append(byte c) {
        if (length == bytes.length && !grow()) {
            refused = true;
            return false;
        }
        bytes[length++] = c;
        return true;
    }

    private boolean grow() {
        // FIRST bytes, then straight to OWN: a line longer than a chunk-size line is a head's, and doubling through
        // 128 and 256 allocated and copied 960 bytes a head (the largest allocation of the decoding thread on the
        // benchmark's 10 000-connection capture, async-profiler) where 576 do.
        int capacity = bytes.length == 0 ? FIRST : bytes.length < OWN ? OWN : bytes.length * 2;
        int charge = capacity - OWN - charged;
        if (charge > 0 && !budget.take(charge)) {
            return false;
        }
        charged += Math.max(0, charge);
        bytes = Arrays.copyOf(bytes, capacity);
        return true;
    }

    /** The detail of a head or trailer section not read: its limit, and the budget when that was what refused. */
    String limits(int maxHeaderBytes) {
        return "limit=" + maxHeaderBytes + (refused ? ", " + noRoom() : "");
    }

    /** How a refusal of the run's budget is named in an anomaly's detail. */
    String noRoom() {
        return budget.noRoom();
    }

    /** Empties the buffer; what the budget lent goes back, and the direction keeps at most {@value #FIRST} bytes. */
    void clear() {
        length = 0;
        start = 0;
        refused = false;
        if (charged > 0) {
            budget.give(charged);
            charged = 0;
        }
        if (bytes.length > FIRST) {
            bytes = EMPTY;
        }
    }

    /** The end of the line just completed by LF, before its CR; the LF's index when there is no CR. */
    int contentEnd() {
        int lf = length - 1;
        return lf > start && bytes[lf - 1] == '\r' ? lf - 1 : lf;
    }

    /** True when the line just completed ends in LF without CR (RFC 9112 §2.2 lets a recipient accept it). */
    boolean bareLf() {
        int lf = length - 1;
        return !(lf > start && bytes[lf - 1] == '\r');
    }
}
