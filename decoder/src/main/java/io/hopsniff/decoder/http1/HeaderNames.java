package io.hopsniff.decoder.http1;

import java.nio.charset.StandardCharsets;

/**
 * One shared String for each common header name, spelled as sent (Title-Case as browsers and Go's net/http send
 * them, lower-case as HTTP/2 gateways, uvicorn and curl do): a message's names cost no allocation and a pending
 * request's names no memory. Anything else is a new String. Names are compared byte for byte, so the report
 * still shows each name exactly as it was on the wire.
 */
final class HeaderNames {

    private static final String[] COMMON = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Age", "Allow",
        "Authorization", "Cache-Control", "Connection", "Content-Disposition", "Content-Encoding",
        "Content-Language", "Content-Length", "Content-Location", "Content-Range", "Content-Security-Policy",
        "Content-Type", "Cookie", "Date", "ETag", "Expect", "Expires", "Forwarded", "If-Match",
        "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Keep-Alive", "Last-Modified",
        "Link", "Location", "Origin", "Pragma", "Proxy-Authorization", "Range", "Referer", "Retry-After",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Key", "Sec-WebSocket-Protocol", "Sec-WebSocket-Version", "Server", "Set-Cookie",
        "Strict-Transport-Security", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Vary", "Via",
        "WWW-Authenticate", "X-Content-Type-Options", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
        "X-Frame-Options", "X-Real-Ip", "X-Request-Id", "Alt-Svc", "HTTP2-Settings", "Proxy-Connection",
    };

    /** Open addressing, a power of two at least four times the names: few probes, no collisions chains. */
    private static final String[] TABLE = new String[1024];
    private static final byte[][] BYTES = new byte[TABLE.length][];

    static {
        for (String name : COMMON) {
            add(name);
            add(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private HeaderNames() {
    }

    private static void add(String name) {
        byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
        int i = hash(b, 0, b.length) & (TABLE.length - 1);
        while (TABLE[i] != null) {
            if (TABLE[i].equals(name)) {
                return;
            }
            i = (i + 1) & (TABLE.length - 1);
        }
        TABLE[i] = name;
        BYTES[i] = b;
    }

    /** The name in {@code a[s, e)}, shared when it is a common one. */
    static String of(byte[] a, int s, int e) {
        int n = e - s;
        if (n <= 0) {
            return "";
        }
        int i = hash(a, s, e) & (TABLE.length - 1);
        for (byte[] b = BYTES[i]; b != null; i = (i + 1) & (TABLE.length - 1), b = BYTES[i]) {
            if (b.length == n && java.util.Arrays.equals(b, 0, n, a, s, e)) {
                return TABLE[i];
            }
        }
        return new String(a, s, n, StandardCharsets.ISO_8859_1);
    }

    private static int hash(byte[] a, int s, int e) {
        int h = e - s;
        for (int k = s; k < e; k++) {
            h = h * 31 + a[k];
        }
        return h ^ h >>> 16;
    }
}
