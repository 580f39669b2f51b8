package io.hopsniff.decoder.http1;

import java.nio.ByteBuffer;

/**
 * First-bytes checks for the session layer (a port is a hint, the bytes decide). Allocation-free; they read
 * from the buffer's position to its limit with absolute gets and never move the position. An empty buffer
 * proves nothing and answers false.
 */
public final class Http1Detect {

    private static final byte[] RESPONSE_PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};

    private Http1Detect() {
    }

    /** A method token followed by SP, or a prefix of one when fewer bytes are available. */
    public static boolean looksLikeRequest(ByteBuffer b) {
        int p = b.position();
        int n = b.remaining();
        if (n == 0) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            byte c = b.get(p + k);
            if (c == ' ') {
                return k > 0;
            }
            if (k >= HttpTokens.MAX_METHOD_LENGTH || !HttpTokens.isTchar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Starts with "HTTP/1.", or is a prefix of it when fewer bytes are available. */
    public static boolean looksLikeResponse(ByteBuffer b) {
        return prefixMatches(b, RESPONSE_PREFIX);
    }

    /**
     * True when {@code b} (from its position, not moved) starts with {@code expected}, or with a prefix of it when
     * fewer bytes are there; an empty buffer proves nothing and answers false.
     */
    public static boolean prefixMatches(ByteBuffer b, byte[] expected) {
        int p = b.position();
        int n = Math.min(b.remaining(), expected.length);
        if (n == 0) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b.get(p + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
