package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.anomaly.Details;
import io.hopsniff.decoder.http.HttpHeader;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a start line and header field lines already collected in a byte array (RFC 9112 §3, §4, §5):
 * lenient where a real peer is (several SP between start-line words, whitespace before a colon, obs-fold),
 * every deviation recorded on the message. Lines end at LF; a CR before it is dropped.
 */
final class HeadParser {

    private HeadParser() {
    }

    /**
     * Fills {@code m} from the head {@code a[0..end)} (which may stop after any complete line when a head was cut
     * short). Returns null when the start line parsed, else a detail for HTTP_BAD_REQUEST_LINE / _STATUS_LINE.
     */
    static String parse(byte[] a, int end, MessageBuilder m, long ts) {
        int lf = indexOfLf(a, 0, end);
        if (lf < 0) {
            return "start line incomplete";
        }
        String bad = m.request ? requestLine(a, contentEnd(a, 0, lf), m, ts) : statusLine(a, contentEnd(a, 0, lf), m, ts);
        if (bad != null) {
            return bad;
        }
        m.headers = fields(a, lf + 1, end, m, ts);
        return null;
    }

    /** Header (or trailer) field lines from {@code a[from..end)}, up to an empty line. */
    static List<HttpHeader> fields(byte[] a, int from, int end, MessageBuilder m, long ts) {
        List<HttpHeader> out = new ArrayList<>(12);
        int p = from;
        while (p < end) {
            int lf = indexOfLf(a, p, end);
            if (lf < 0) {
                break;
            }
            int e = contentEnd(a, p, lf);
            if (e == p) {
                break;
            }
            field(a, p, e, out, m, ts);
            p = lf + 1;
        }
        return out.isEmpty() ? List.of() : out;
    }

    private static void field(byte[] a, int p, int e, List<HttpHeader> out, MessageBuilder m, long ts) {
        if (HttpTokens.isOws(a[p])) {
            // RFC 9112 §5.2: obs-fold continues the previous field value; replace the fold with one SP.
            if (out.isEmpty()) {
                m.anomaly(AnomalyType.HTTP_BAD_HEADER_FIELD, ts, "expected=field-name, found=whitespace before the first field");
                return;
            }
            m.anomaly(AnomalyType.HTTP_OBS_FOLD, ts, "field=" + out.get(out.size() - 1).name());
            HttpHeader prev = out.get(out.size() - 1);
            int ctl = control(a, p, e);
            if (ctl >= 0) {
                m.anomaly(AnomalyType.HTTP_BAD_HEADER_FIELD, ts, "expected=field-vchar in the value of " + prev.name()
                        + ", found=" + hex(a[ctl]));
            }
            String more = trimmed(a, p, e);
            out.set(out.size() - 1, new HttpHeader(prev.name(),
                    prev.value().isEmpty() ? more : more.isEmpty() ? prev.value() : prev.value() + ' ' + more));
            return;
        }
        int colon = p;
        while (colon < e && a[colon] != ':') {
            colon++;
        }
        if (colon == e) {
            m.anomaly(AnomalyType.HTTP_BAD_HEADER_FIELD, ts, "expected=':', found=end of line");
            return;
        }
        int nameEnd = colon;
        while (nameEnd > p && HttpTokens.isOws(a[nameEnd - 1])) {
            nameEnd--;
        }
        if (nameEnd != colon) {
            m.anomaly(AnomalyType.HTTP_BAD_HEADER_FIELD, ts, "expected=':', found=whitespace before the colon");
        }
        if (nameEnd == p) {
            m.anomaly(AnomalyType.HTTP_BAD_HEADER_FIELD, ts, "expected=field-name, found=empty name");
            return;
        }
        for (int k = p; k < nameEnd; k++) {
            if (!HttpTokens.isTchar(a[k])) {
                m.anomaly(AnomalyType.HTTP_BAD_HEADER_FIELD, ts, "expected=tchar in field-name, found=" + hex(a[k]));
                break;
            }
        }
        String name = HeaderNames.of(a, p, nameEnd);
        int ctl = control(a, colon + 1, e);
        if (ctl >= 0) {
            // RFC 9110 §5.5: CR, LF and NUL make a value invalid (servers differ on what a bare CR ends), and
            // field-vchar leaves out the other controls but HTAB
            m.anomaly(AnomalyType.HTTP_BAD_HEADER_FIELD, ts, "expected=field-vchar in the value of " + name
                    + ", found=" + hex(a[ctl]));
        }
        out.add(new HttpHeader(name, trimmed(a, colon + 1, e)));
    }

    /** The index of the first control byte in {@code [s, e)} other than HTAB (RFC 5234 CTL), or -1. */
    private static int control(byte[] a, int s, int e) {
        for (int k = s; k < e; k++) {
            byte b = a[k];
            if (b >= 0 && b < 0x20 && b != '\t' || b == 0x7f) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Parses a request line leniently: servers answer even malformed lines (typically 400), so the request is
     * kept and the deviation recorded. Only a line whose first word is not a method token is rejected.
     * Without a trailing HTTP-version the line is read as RFC 1945's HTTP/0.9 form {@code method SP target},
     * as tshark does; words between the method and the version are the target, whitespace included.
     */
    private static String requestLine(byte[] a, int e, MessageBuilder m, long ts) {
        int[] w = words(a, e, 4);
        if (w[0] == 0) {
            return "expected=method SP request-target SP HTTP-version, found=empty line";
        }
        for (int k = w[1]; k < w[2]; k++) {
            if (!HttpTokens.isTchar(a[k])) {
                return "expected=method token, found=" + hex(a[k]);
            }
        }
        m.method = method(a, w[1], w[2]);
        int end = e;
        while (end > w[2] && HttpTokens.isOws(a[end - 1])) {
            end--;
        }
        int lastStart = end;
        while (lastStart > w[2] && !HttpTokens.isOws(a[lastStart - 1])) {
            lastStart--;
        }
        int targetStart = w[2];
        while (targetStart < end && HttpTokens.isOws(a[targetStart])) {
            targetStart++;
        }
        // A last word that starts like a version ("HTTP/1.", "HTTP/1.1x") is a malformed version, not the target.
        boolean wellFormed = HttpTokens.isVersion(a, lastStart, end);
        boolean hasVersion = w[0] >= 3 && (wellFormed || startsWithHttpSlash(a, lastStart, end));
        if (hasVersion) {
            int targetEnd = lastStart;
            while (targetEnd > targetStart && HttpTokens.isOws(a[targetEnd - 1])) {
                targetEnd--;
            }
            m.target = latin1(a, targetStart, targetEnd);
            if (!wellFormed) {
                m.version = latin1(a, lastStart, end);
                m.anomaly(AnomalyType.HTTP_BAD_REQUEST_LINE, ts, "expected=HTTP-version, found="
                        + Details.printable(a, lastStart, end - lastStart));
                return null;
            }
            m.version = version(a, lastStart);
            int ctl = control(a, targetStart, targetEnd);
            if (ctl >= 0) {
                m.anomaly(AnomalyType.HTTP_BAD_REQUEST_LINE, ts, "expected=request-target, found=" + hex(a[ctl])
                        + " at index " + (ctl - targetStart));
            }
            if (w[0] > 3) {
                m.anomaly(AnomalyType.HTTP_BAD_REQUEST_LINE, ts, "expected=request-target without whitespace, found="
                        + w[0] + " words");
            }
            checkVersion(m, ts);
        } else {
            m.target = latin1(a, targetStart, end);
            m.version = "";
            m.anomaly(AnomalyType.HTTP_BAD_REQUEST_LINE, ts, "expected=method SP request-target SP HTTP-version, found="
                    + w[0] + " word(s) without a version: " + Details.printable(a, 0, Math.min(e, 64)));
        }
        return null;
    }

    private static boolean startsWithHttpSlash(byte[] a, int s, int e) {
        return e - s >= 5 && a[s] == 'H' && a[s + 1] == 'T' && a[s + 2] == 'T' && a[s + 3] == 'P' && a[s + 4] == '/';
    }

    private static String statusLine(byte[] a, int e, MessageBuilder m, long ts) {
        int v = 0;
        while (v < e && a[v] != ' ' && a[v] != '\t') {
            v++;
        }
        if (!HttpTokens.isVersion(a, 0, v)) {
            return "expected=HTTP-version, found=" + Details.printable(a, 0, Math.min(v, 16));
        }
        int p = v;
        while (p < e && HttpTokens.isOws(a[p])) {
            p++;
        }
        int codeEnd = p;
        while (codeEnd < e && !HttpTokens.isOws(a[codeEnd])) {
            codeEnd++;
        }
        m.version = version(a, 0);
        if (p > v && codeEnd - p == 3 && HttpTokens.isDigit(a[p]) && HttpTokens.isDigit(a[p + 1])
                && HttpTokens.isDigit(a[p + 2])) {
            m.status = (a[p] - '0') * 100 + (a[p + 1] - '0') * 10 + (a[p + 2] - '0');
        } else {
            // A status line with an odd code ("2XX", "0200", none) is still the server's answer: keeping it
            // pairs the request with what came back, which misleads less than showing it unanswered.
            m.status = oddStatus(a, p, codeEnd);
            m.anomaly(AnomalyType.HTTP_MALFORMED_STATUS_CODE, ts, "expected=3DIGIT status-code, found="
                    + (codeEnd == p ? "nothing" : Details.printable(a, p, Math.min(codeEnd - p, 16)))
                    + ", reported as=" + m.status);
        }
        m.reason = e - codeEnd > 1 ? latin1(a, codeEnd + 1, e) : "";
        checkVersion(m, ts);
        return null;
    }

    /** The number an all-digit code spells when it lies in 100..999 ("0200" is 200); else 0, "not a status". */
    private static int oddStatus(byte[] a, int p, int end) {
        int n = 0;
        for (int i = p; i < end; i++) {
            if (!HttpTokens.isDigit(a[i]) || n > 999) {
                return 0;
            }
            n = n * 10 + (a[i] - '0');
        }
        return n >= 100 && n <= 999 ? n : 0;
    }

    private static void checkVersion(MessageBuilder m, long ts) {
        if (!"HTTP/1.1".equals(m.version) && !"HTTP/1.0".equals(m.version)) {
            m.anomaly(AnomalyType.HTTP_VERSION_UNSUPPORTED, ts, "expected=HTTP/1.0 or HTTP/1.1, found=" + m.version);
        }
    }

    /** Splits on runs of SP/HTAB; returns {count, s0, e0, s1, e1, s2, e2(up to line end)}. */
    private static int[] words(byte[] a, int e, int max) {
        int[] w = new int[7];
        int n = 0;
        int p = 0;
        while (p < e) {
            while (p < e && HttpTokens.isOws(a[p])) {
                p++;
            }
            if (p == e) {
                break;
            }
            int s = p;
            while (p < e && !HttpTokens.isOws(a[p])) {
                p++;
            }
            if (n < 3) {
                w[1 + 2 * n] = s;
                w[2 + 2 * n] = p;
            }
            n++;
            if (n >= max) {
                break;
            }
        }
        w[0] = n;
        return w;
    }

    private static String method(byte[] a, int s, int e) {
        switch (e - s) {
            case 3:
                if (a[s] == 'G' && a[s + 1] == 'E' && a[s + 2] == 'T') {
                    return "GET";
                }
                if (a[s] == 'P' && a[s + 1] == 'U' && a[s + 2] == 'T') {
                    return "PUT";
                }
                break;
            case 4:
                if (a[s] == 'P' && a[s + 1] == 'O' && a[s + 2] == 'S' && a[s + 3] == 'T') {
                    return "POST";
                }
                if (a[s] == 'H' && a[s + 1] == 'E' && a[s + 2] == 'A' && a[s + 3] == 'D') {
                    return "HEAD";
                }
                break;
            default:
                break;
        }
        return latin1(a, s, e);
    }

    private static String version(byte[] a, int p) {
        if (a[p + 5] == '1' && a[p + 7] == '1') {
            return "HTTP/1.1";
        }
        if (a[p + 5] == '1' && a[p + 7] == '0') {
            return "HTTP/1.0";
        }
        return latin1(a, p, p + 8);
    }

    static int indexOfLf(byte[] a, int from, int end) {
        for (int k = from; k < end; k++) {
            if (a[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    private static int contentEnd(byte[] a, int start, int lf) {
        return lf > start && a[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static String trimmed(byte[] a, int s, int e) {
        while (s < e && HttpTokens.isOws(a[s])) {
            s++;
        }
        while (e > s && HttpTokens.isOws(a[e - 1])) {
            e--;
        }
        return latin1(a, s, e);
    }

    private static String latin1(byte[] a, int s, int e) {
        return s >= e ? "" : new String(a, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private static String hex(byte b) {
        return String.format("0x%02x", b & 0xFF);
    }
}
