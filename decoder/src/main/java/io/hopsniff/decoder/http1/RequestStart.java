package io.hopsniff.decoder.http1;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Tells from a client's first bytes whether it speaks HTTP/1. A method-like word and a space are not enough:
 * "EHLO mail.example", "USER bob" and "a001 LOGIN" have them too. A stream is HTTP when its first line is a
 * request line ({@code method SP target SP HTTP/d.d}; the target may hold spaces, seen in the wild and named by
 * the parser), or, for a malformed line, when it starts with a registered HTTP method and the lines after it are
 * header fields up to the empty line: a broken request is still HTTP, and the parser names what is wrong. Reads
 * without moving the buffer, allocation-free.
 */
final class RequestStart {

    /** A first line (or head) longer than this without its end is not taken for HTTP. */
    static final int MAX_FIRST_LINE = 16 * 1024;

    /** RFC 9110 §9 and the IANA registry's common ones (WebDAV): a malformed line must start with one. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH");

    private RequestStart() {
    }

    static Http1Detect.Shape shape(ByteBuffer b) {
        int p = b.position();
        int n = b.remaining();
        int k = methodEnd(b, p, n);
        if (k == -2) {
            return Http1Detect.Shape.NOT;
        }
        if (k < 0) {
            return Http1Detect.Shape.PREFIX;
        }
        int lf = indexOfLf(b, p, k + 1, n);
        if (lf < 0) {
            return n > MAX_FIRST_LINE || hasControl(b, p, k + 1, n) ? Http1Detect.Shape.NOT : Http1Detect.Shape.PREFIX;
        }
        int end = b.get(p + lf - 1) == '\r' ? lf - 1 : lf;
        if (hasControl(b, p, k + 1, end)) {
            return Http1Detect.Shape.NOT;
        }
        if (endsInVersion(b, p, k + 1, end)) {
            return Http1Detect.Shape.REQUEST_LINE;
        }
        if (!isMethod(b, p, k) || endsInOtherProtocolVersion(b, p, k + 1, end)) {
            return Http1Detect.Shape.NOT;
        }
        return headerLinesFollow(b, p, lf + 1, n);
    }

    /** The line at absolute index {@code p} is a clean request line (for finding a message start mid-stream). */
    static boolean isCleanLine(ByteBuffer b, int p) {
        int n = b.limit() - p;
        int k = methodEnd(b, p, n);
        if (k < 0) {
            return false;
        }
        int lf = indexOfLf(b, p, k + 1, n);
        if (lf < 0) {
            return false;
        }
        int end = b.get(p + lf - 1) == '\r' ? lf - 1 : lf;
        return !hasControl(b, p, k + 1, end) && endsInVersion(b, p, k + 1, end);
    }

    /** Index (from p) of the SP after a method token; -1 when the bytes end first, -2 when it is no token. */
    private static int methodEnd(ByteBuffer b, int p, int n) {
        int k = 0;
        while (k < n && b.get(p + k) != ' ') {
            if (k >= HttpTokens.MAX_METHOD_LENGTH || !HttpTokens.isTchar(b.get(p + k))) {
                return -2;
            }
            k++;
        }
        return k == n ? -1 : k == 0 ? -2 : k;
    }

    private static int indexOfLf(ByteBuffer b, int p, int from, int n) {
        for (int i = from; i < n; i++) {
            if (b.get(p + i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A control character other than HTAB in {@code [from, to)}; a CR may only end the bytes (before their LF). */
    private static boolean hasControl(ByteBuffer b, int p, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b.get(p + i) & 0xFF;
            if (c < 0x20 && c != '\t' && !(c == '\r' && i + 1 == to) || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** {@code [from, end)} is {@code target SP "HTTP/" DIGIT "." DIGIT} with a target not starting with SP. */
    private static boolean endsInVersion(ByteBuffer b, int p, int from, int end) {
        int v = end - 8;
        if (v - 1 <= from || b.get(p + from) == ' ' || b.get(p + v - 1) != ' ') {
            return false;
        }
        return b.get(p + v) == 'H' && b.get(p + v + 1) == 'T' && b.get(p + v + 2) == 'T' && b.get(p + v + 3) == 'P'
                && b.get(p + v + 4) == '/' && HttpTokens.isDigit(b.get(p + v + 5)) && b.get(p + v + 6) == '.'
                && HttpTokens.isDigit(b.get(p + v + 7));
    }

    /** The line ends in another protocol's version ("RTSP/1.0", "SIP/2.0"): not HTTP, however HTTP-like. */
    private static boolean endsInOtherProtocolVersion(ByteBuffer b, int p, int from, int end) {
        int slash = end - 4;
        if (slash <= from || b.get(p + slash) != '/' || !HttpTokens.isDigit(b.get(p + end - 3))
                || b.get(p + end - 2) != '.' || !HttpTokens.isDigit(b.get(p + end - 1))) {
            return false;
        }
        int s = slash;
        while (s > from && Character.isLetter(b.get(p + s - 1))) {
            s--;
        }
        return s < slash && b.get(p + s - 1) == ' ';
    }

    private static boolean isMethod(ByteBuffer b, int p, int k) {
        byte[] name = new byte[k];
        b.get(p, name);
        return METHODS.contains(new String(name, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** After a malformed line: header-field lines up to an empty line make it HTTP; anything else does not. */
    private static Http1Detect.Shape headerLinesFollow(ByteBuffer b, int p, int from, int n) {
        int line = from;
        while (line < n) {
            int lf = indexOfLf(b, p, line, n);
            if (lf < 0) {
                return n > MAX_FIRST_LINE ? Http1Detect.Shape.NOT : Http1Detect.Shape.PREFIX;
            }
            int end = lf > line && b.get(p + lf - 1) == '\r' ? lf - 1 : lf;
            if (end == line) {
                return Http1Detect.Shape.REQUEST_LINE; // the empty line ending the head
            }
            int colon = line;
            while (colon < end && HttpTokens.isTchar(b.get(p + colon))) {
                colon++;
            }
            if (colon == line || colon == end || b.get(p + colon) != ':') {
                return Http1Detect.Shape.NOT;
            }
            line = lf + 1;
        }
        return n > MAX_FIRST_LINE ? Http1Detect.Shape.NOT : Http1Detect.Shape.PREFIX;
    }
}
