package io.hopsniff.decoder.session;

import java.nio.ByteBuffer;

/**
 * What came before HTTP on a connection: a PROXY protocol header (HAProxy's spec, v1 text or v2 binary: Caddy,
 * HAProxy and nginx can send it to a backend) or a SOCKS4/4a/5 handshake (RFC 1928). Reported on the connection.
 *
 * @param kind   "proxy-v1", "proxy-v2", "socks4", "socks4a" or "socks5"
 * @param source PROXY protocol: the original client's address:port ("unknown" for v1 UNKNOWN, "local" for a v2
 *               LOCAL command); null for SOCKS
 * @param target PROXY protocol: the address:port the original client connected to; SOCKS: the destination the
 *               client asked for (host:port); null when the header said none
 * @param status SOCKS: the server's reply ("granted", "rejected", "succeeded", "connection refused", ...), null
 *               when none came; null for PROXY protocol
 */
public record Preamble(String kind, String source, String target, String status) {

    /** The kinds of preamble, told from the client's first bytes. */
    enum Kind {
        PROXY_V1, PROXY_V2, SOCKS4, SOCKS5, NONE
    }

    /** The PROXY protocol v2 signature (spec §2.2). */
    static final byte[] PROXY_V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] PROXY_V1_START = {'P', 'R', 'O', 'X', 'Y', ' '};

    /**
     * Which preamble the client's first segment starts (not moved). A PROXY header is recognised from its fixed
     * start (or a prefix of it). A SOCKS greeting is binary and short, so it must be whole and alone in the
     * segment, as clients send it (they wait for the answer): SOCKS5 "05 n methods[n]" with known method codes,
     * SOCKS4 "04 01|02 port ip userid 00".
     */
    static Kind of(ByteBuffer b) {
        int p = b.position();
        int n = b.remaining();
        if (n == 0) {
            return Kind.NONE;
        }
        if (startsWith(b, PROXY_V1_START)) {
            return Kind.PROXY_V1;
        }
        if (startsWith(b, PROXY_V2_SIGNATURE)) {
            return Kind.PROXY_V2;
        }
        int first = b.get(p) & 0xFF;
        if (first == 5 && n >= 3 && n == 2 + (b.get(p + 1) & 0xFF)) {
            for (int i = p + 2; i < p + n; i++) {
                int method = b.get(i) & 0xFF;
                if (method > 9 && method < 0x80 || method == 0xFF) {
                    return Kind.NONE;
                }
            }
            return Kind.SOCKS5;
        }
        if (first == 4 && n >= 9 && (b.get(p + 1) == 1 || b.get(p + 1) == 2) && b.get(p + n - 1) == 0) {
            return Kind.SOCKS4;
        }
        return Kind.NONE;
    }

    private static boolean startsWith(ByteBuffer b, byte[] expected) {
        int n = Math.min(b.remaining(), expected.length);
        for (int k = 0; k < n; k++) {
            if (b.get(b.position() + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
