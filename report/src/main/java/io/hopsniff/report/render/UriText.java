package io.hopsniff.report.render;

import java.nio.charset.StandardCharsets;

/**
 * Turns what a request line or a Host header carried into text a URI may hold (RFC 3986): characters outside
 * the URI grammar are percent-encoded as the bytes that were sent (the decoders keep one ISO-8859-1 char per
 * wire byte; anything beyond that as UTF-8), characters inside it are kept, so a well-formed target comes out
 * unchanged and a hostile one still makes a valid URI.
 */
final class UriText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriText() {
    }

    /**
     * A path and query: keeps unreserved, sub-delims, ':', '@', '/', '?' and a valid %XX; encodes '#' (a
     * request-target never carries a fragment, RFC 9112 §3.2) and '[' ']'.
     */
    static String escape(String s) {
        return encode(s, "");
    }

    /**
     * An absolute-form target ({@code scheme://[userinfo@]host[:port][/path][?query]}): each part escaped as what
     * it is, so a bracket or an '@' in the wrong place cannot make the authority invalid.
     */
    static String escapeAbsolute(String s) {
        int authority = s.indexOf("://") + 3;
        int end = authority;
        while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        String auth = s.substring(authority, end);
        int at = auth.lastIndexOf('@');
        String userinfo = at < 0 ? "" : encode(auth.substring(0, at).replace("@", "%40"), "") + "@";
        return escape(s.substring(0, authority - 3)) + "://" + userinfo + escapeAuthority(auth.substring(at + 1))
                + escape(s.substring(end));
    }

    /**
     * A host[:port] (Host header, CONNECT's authority-form): reg-name and port characters kept, and brackets only
     * around a whole IP literal ({@code [::1]} or {@code [::1]:443}, RFC 3986 §3.2.2); a stray bracket is data.
     */
    static String escapeAuthority(String s) {
        String safe = s.replace("/", "%2F").replace("?", "%3F").replace("@", "%40").replace("#", "%23");
        int close = safe.indexOf(']');
        boolean ipLiteral = safe.startsWith("[") && close > 0 && safe.indexOf('[', 1) < 0
                && safe.indexOf(']', close + 1) < 0 && port(safe.substring(close + 1));
        return encode(safe, ipLiteral ? "[]" : "");
    }

    /** Empty, or ':' and digits. */
    private static boolean port(String s) {
        return s.isEmpty() || s.charAt(0) == ':' && s.chars().skip(1).allMatch(c -> c >= '0' && c <= '9');
    }

    private static String encode(String s, String alsoAllowed) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = allowed(c) || alsoAllowed.indexOf(c) >= 0
                    || c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2));
            if (keep) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (c <= 0xFF) {
                // the decoders read request lines and HPACK strings as ISO-8859-1: one char per byte on the wire,
                // so this is the byte that was sent
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return out == null ? s : out.toString();
    }

    /** unreserved / sub-delims / ":" / "@" / "/" / "?" (RFC 3986 §2.2, §2.3, §3.3, §3.4). */
    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
