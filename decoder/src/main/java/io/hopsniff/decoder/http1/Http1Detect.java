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

    /** A first line longer than this without its LF is not taken for a request line. */
    public static final int MAX_FIRST_LINE = RequestStart.MAX_FIRST_LINE;

    /** What a stream's first bytes are ({@link RequestStart}). */
    public enum Shape {
        /** A request line, or a request whose line is malformed but whose head is HTTP's: the stream is HTTP. */
        REQUEST_LINE,
        /** Not enough bytes yet to tell: wait for more. */
        PREFIX,
        /** Not HTTP: another protocol (SMTP's "EHLO x", SIP's "INVITE sip:x SIP/2.0"), or binary. */
        NOT
    }

    /** Whether the bytes (not moved) start an HTTP request: see {@link RequestStart}. */
    public static Shape requestLine(ByteBuffer b) {
        return RequestStart.shape(b);
    }

    /**
     * True when a message starts at a line start in {@code b} (not moved): a whole request line, or a status line
     * {@code HTTP/1.x SP 3DIGIT}. For a connection first seen mid-stream, whose first bytes may be the middle of
     * a body: it is HTTP once a message starts somewhere, and the parser resynchronises there.
     */
    public static boolean hasMessageStart(ByteBuffer b) {
        int p = b.position();
        int lim = b.limit();
        for (int s = p; s < lim; ) {
            if (RequestStart.isCleanLine(b, s) || isStatusLineStart(b, s, lim)) {
                return true;
            }
            while (s < lim && b.get(s) != '\n') {
                s++;
            }
            s++;
        }
        return false;
    }

    private static boolean isStatusLineStart(ByteBuffer b, int s, int lim) {
        if (lim - s < 12) {
            return false;
        }
        for (int k = 0; k < RESPONSE_PREFIX.length; k++) {
            if (b.get(s + k) != RESPONSE_PREFIX[k]) {
                return false;
            }
        }
        return HttpTokens.isDigit(b.get(s + 7)) && b.get(s + 8) == ' ' && HttpTokens.isDigit(b.get(s + 9))
                && HttpTokens.isDigit(b.get(s + 10)) && HttpTokens.isDigit(b.get(s + 11));
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
