package io.hopsniff.decoder.http1;

import java.util.Arrays;

/** The bytes of the head (or chunk-size line, or trailer section) being read, line by line. */
final class LineBuffer {

    private static final byte[] EMPTY = new byte[0];

    /** Grown on the first byte: a direction that never carries a head costs nothing here. */
    byte[] bytes = EMPTY;
    int length;
    /** Where the line being read starts. */
    int start;

    void append(byte c) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(512, bytes.length * 2));
        }
        bytes[length++] = c;
    }

    void clear() {
        length = 0;
        start = 0;
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
