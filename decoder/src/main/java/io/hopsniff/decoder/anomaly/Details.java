package io.hopsniff.decoder.anomaly;

import java.nio.charset.StandardCharsets;

/**
 * The one rule for wire bytes quoted in an anomaly's {@code detail}: printable ASCII other than space and
 * backslash is kept, every other byte is written {@code \xNN} (so the text stays one line, unambiguous inside
 * {@code key=value, key=value}), and at most {@link #MAX} bytes are quoted, then {@code ...}. Keys are snake_case.
 */
public final class Details {

    /** Bytes quoted at most: enough to name what was seen, too little to carry a payload. */
    public static final int MAX = 32;

    private Details() {
    }

    public static String printable(byte[] a, int from, int length) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(length, MAX);
        for (int k = 0; k < n; k++) {
            int c = a[from + k] & 0xFF;
            if (c >= 0x21 && c < 0x7F && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (length > n) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** A field value (or any text off the wire) under the same rule, as its UTF-8 bytes. */
    public static String text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return printable(b, 0, b.length);
    }

    public static String hexByte(byte b) {
        return String.format("0x%02x", b & 0xFF);
    }
}
