package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.Headers;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;

/**
 * How a finished HTTP/2 stream becomes the request and response records the rest of hopsniff reads (RFC 9113
 * §8.3: pseudo-header fields give method, target and status), and the small field parsers the decoder shares.
 * Pure functions of a stream's collected state.
 */
final class H2Messages {

    private H2Messages() {
    }

    static HttpRequest request(H2Stream s) {
        H2Stream.Message m = s.request;
        if (!m.headersSeen) {
            return null;
        }
        String method = orEmpty(Headers.of(m.headers).first(":method"));
        String target = "CONNECT".equals(method) && Headers.of(m.headers).first(":protocol") == null
                ? orEmpty(Headers.of(m.headers).first(":authority")) : orEmpty(Headers.of(m.headers).first(":path"));
        boolean tunnel = "CONNECT".equals(method) && s.status >= 200 && s.status < 300;
        return new HttpRequest(method, target, "HTTP/2", m.headers, m.trailers, m.firstNanos, m.headEndNanos,
                m.lastNanos, m.headBytes, m.bodyBytes, prefix(s, m, "request"), framing(m, tunnel), m.ended);
    }

    static HttpResponse response(H2Stream s, HttpRequest request) {
        H2Stream.Message m = s.response;
        if (!m.headersSeen) {
            return null;
        }
        boolean tunnel = request != null && "CONNECT".equals(request.method()) && s.status >= 200 && s.status < 300;
        return new HttpResponse("HTTP/2", s.status, "", m.headers, m.trailers, m.firstNanos, m.headEndNanos,
                m.lastNanos, m.headBytes, m.bodyBytes, prefix(s, m, "response"), framing(m, tunnel), m.ended);
    }

    static void checkLength(H2Stream s, H2Stream.Message m, HttpRequest request, HttpResponse response, String which) {
        if (!m.ended || m.contentLength < 0 || m.bodyBytes == m.contentLength || s.upgradeRequest != null && m == s.request) {
            return;
        }
        if (response != null && (response.status() == 204 || response.status() == 304
                || request != null && "HEAD".equals(request.method()))) {
            return;
        }
        s.pend(AnomalyType.H2_CONTENT_LENGTH_MISMATCH, m.lastNanos, "stream=" + s.id + ", message=" + which
                + ", expected=" + m.contentLength + ", found=" + m.bodyBytes);
    }

    static BodyFraming framing(H2Stream.Message m, boolean tunnel) {
        if (tunnel) {
            return BodyFraming.TUNNEL;
        }
        return m.contentLength >= 0 ? BodyFraming.CONTENT_LENGTH : BodyFraming.NONE;
    }

    /** The kept DATA bytes, leaving the budget; a prefix the run's budget cut short is named on the stream. */
    static byte[] prefix(H2Stream s, H2Stream.Message m, String which) {
        if (m.prefix.starved()) {
            s.pend(AnomalyType.HTTP_KEPT_BYTES_LIMIT, m.lastNanos, "stream=" + s.id + ", message=" + which + ", kept="
                    + m.prefix.length() + ", body_bytes=" + m.bodyBytes);
        }
        return m.prefix.take();
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static int parseStatus(String s) {
        if (s == null || s.length() != 3) {
            return 0;
        }
        int v = 0;
        for (int i = 0; i < 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static long parseLength(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static long u32(byte[] p, int off) {
        return ((long) (p[off] & 0xFF) << 24) | ((p[off + 1] & 0xFF) << 16) | ((p[off + 2] & 0xFF) << 8)
                | (p[off + 3] & 0xFF);
    }

}
