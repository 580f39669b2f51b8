package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.anomaly.Details;
import io.hopsniff.decoder.http.Headers;

import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.BodyFraming;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.util.List;
import java.util.Locale;

/**
 * RFC 9112 §6.3, in its order, for both directions. Returns a body length (>= 0) or one of the negative codes;
 * sets {@code framing} on the message and records every deviation on it.
 */
final class FramingRules {

    static final long NO_BODY = -1;
    static final long CHUNKED = -2;
    static final long UNTIL_CLOSE = -3;
    /** The framing cannot be known (request with an unknown coding or a bad Content-Length). */
    static final long UNKNOWN = -4;

    private FramingRules() {
    }

    /**
     * A message with Transfer-Encoding: with Content-Length too it is flagged (Transfer-Encoding wins, RFC 9112
     * §6.3 item 3); true, framing set, when chunked is the final coding.
     */
    private static boolean chunkedFinal(MessageBuilder m, String te, String cl, long ts) {
        if (cl != null) {
            m.anomaly(AnomalyType.HTTP_TE_AND_CL, ts, "transfer-encoding=" + te + ", content-length=" + cl);
        }
        if (chunkedLast(te)) {
            m.framing = BodyFraming.CHUNKED;
            return true;
        }
        return false;
    }

    static long request(MessageBuilder m, long ts) {
        String te = Headers.of(m.headers).joined("Transfer-Encoding");
        String cl = Headers.of(m.headers).joined("Content-Length");
        if (te != null) {
            if (chunkedFinal(m, te, cl, ts)) {
                return CHUNKED;
            }
            m.anomaly(AnomalyType.HTTP_TE_UNSUPPORTED, ts, "expected=chunked as the final coding of a request, found=" + te);
            return UNKNOWN;
        }
        if (cl != null) {
            long n = contentLength(cl, m, ts);
            if (n < 0) {
                return UNKNOWN;
            }
            m.framing = BodyFraming.CONTENT_LENGTH;
            return n;
        }
        return NO_BODY;
    }

    /** {@code method} is that of the request answered, or null when none is known. */
    static long response(MessageBuilder m, String method, long ts) {
        int s = m.status;
        if ("HEAD".equals(method) || (s >= 100 && s < 200) || s == 204 || s == 304) {
            return NO_BODY;
        }
        String te = Headers.of(m.headers).joined("Transfer-Encoding");
        String cl = Headers.of(m.headers).joined("Content-Length");
        if (te != null) {
            if (chunkedFinal(m, te, cl, ts)) {
                return CHUNKED;
            }
            // RFC 9112 §6.3 item 4: a response whose final coding is not chunked is read until close.
            m.anomaly(AnomalyType.HTTP_TE_UNSUPPORTED, ts, "expected=chunked as the final coding, found=" + te
                    + "; read until close");
            m.framing = BodyFraming.CLOSE_DELIMITED;
            return UNTIL_CLOSE;
        }
        if (cl != null) {
            long n = contentLength(cl, m, ts);
            if (n >= 0) {
                m.framing = BodyFraming.CONTENT_LENGTH;
                return n;
            }
        }
        m.framing = BodyFraming.CLOSE_DELIMITED;
        return UNTIL_CLOSE;
    }

    /** The first token of an Upgrade value, lower-cased ("websocket", "h2c", "tcp"), or null. */
    static String firstUpgradeToken(List<HttpHeader> headers) {
        String t = Headers.of(headers).firstElement("Upgrade");
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    private static boolean chunkedLast(String te) {
        String last = "";
        for (String t : te.split(",")) {
            String s = t.trim();
            if (!s.isEmpty()) {
                last = s;
            }
        }
        return last.equalsIgnoreCase("chunked");
    }

    /** RFC 9110 §8.6: a list of identical values is that value; anything else is a framing error (-1). */
    private static long contentLength(String list, MessageBuilder m, long ts) {
        long value = -1;
        for (String t : list.split(",", -1)) {
            String s = t.trim();
            long n = digits(s);
            if (n < 0) {
                m.anomaly(AnomalyType.HTTP_CONTENT_LENGTH_INVALID, ts, "expected=1*DIGIT, found=" + Details.text(s));
                return -1;
            }
            if (value >= 0 && n != value) {
                m.anomaly(AnomalyType.HTTP_CONTENT_LENGTH_CONFLICT, ts, "values=" + Details.text(list));
                return -1;
            }
            value = n;
        }
        return value;
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

}
