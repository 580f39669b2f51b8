package io.hopsniff.decoder.http1;

/** Byte classes of RFC 9110 §5.6.2, as a table (Jetty's HttpTokens idea), and the start-line shape checks. */
final class HttpTokens {

    /** Longer than any registered method (UPDATEREDIRECTREF has 17 characters). */
    static final int MAX_METHOD_LENGTH = 24;

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c + 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpTokens() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** {@code "HTTP/" DIGIT "." DIGIT} at {@code a[p..p+8)}. */
    static boolean isVersion(byte[] a, int p, int end) {
        return end - p == 8 && a[p] == 'H' && a[p + 1] == 'T' && a[p + 2] == 'T' && a[p + 3] == 'P'
                && a[p + 4] == '/' && isDigit(a[p + 5]) && a[p + 6] == '.' && isDigit(a[p + 7]);
    }

    /**
     * The shape used to resynchronise a client stream: {@code method SP target SP HTTP/1.x}, one line content
     * {@code a[0..end)}. The target may hold spaces (a client that did not encode them; the parser names it) but
     * no control characters.
     */
    static boolean isPlausibleRequestLine(byte[] a, int end) {
        int p = 0;
        while (p < end && p <= MAX_METHOD_LENGTH && isTchar(a[p])) {
            p++;
        }
        if (p == 0 || p > MAX_METHOD_LENGTH || p >= end || a[p] != ' ') {
            return false;
        }
        int t = p + 1;
        int v = end - 8;
        if (v - 1 <= t || a[t] == ' ' || a[v - 1] != ' ') {
            return false;
        }
        for (int i = t; i < v - 1; i++) {
            if ((a[i] & 0xFF) < 0x20 || a[i] == 0x7F) {
                return false;
            }
        }
        return isVersion(a, v, end) && a[v + 5] == '1';
    }

    /** The shape used to resynchronise a server stream: {@code HTTP/1.x SP 3DIGIT} at a line start. */
    static boolean isPlausibleStatusLine(byte[] a, int end) {
        return end >= 12 && isVersion(a, 0, 8) && a[5] == '1' && a[8] == ' '
                && isDigit(a[9]) && isDigit(a[10]) && isDigit(a[11]) && (end == 12 || a[12] == ' ');
    }
}
