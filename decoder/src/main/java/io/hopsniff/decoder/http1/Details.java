package io.hopsniff.decoder.http1;

/** Builds the short, safe {@code detail} texts of findings: printable ASCII only, bounded length. */
final class Details {

    private static final int MAX = 32;

    private Details() {
    }

    static String printable(byte[] a, int from, int length) {
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

    static String hexByte(byte b) {
        return String.format("0x%02x", b & 0xFF);
    }
}
