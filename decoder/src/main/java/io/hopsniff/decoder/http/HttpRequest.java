package io.hopsniff.decoder.http;

import java.util.List;

/**
 * A request as it crossed the wire.
 *
 * @param firstByteNanos time of the packet that carried the request line's first byte
 * @param headEndNanos   time of the packet that completed the header section
 * @param lastByteNanos  time of the packet that completed the message (the body's last byte)
 * @param headBytes      bytes of the request line and header section, CRLFs included
 * @param bodyBytes      body bytes as framed on the wire (chunk framing excluded, gaps included)
 * @param bodyPrefix     the first bytes of the (de-chunked) body when asked for, else empty
 * @param complete       false when the message was cut short (connection end, gap, capture end)
 */
public record HttpRequest(String method, String target, String version, List<HttpHeader> headers,
                          List<HttpHeader> trailers, long firstByteNanos, long headEndNanos, long lastByteNanos,
                          long headBytes, long bodyBytes, byte[] bodyPrefix, BodyFraming framing, boolean complete) {

    /** The header fields with their look-ups. */
    public Headers fields() {
        return Headers.of(headers);
    }

    /**
     * When the request had been sent, for its latency: its last byte, but the end of its head for a tunnel (an
     * HTTP/2 CONNECT answered 2xx, whose stream's DATA is the tunnel's or the WebSocket's, not the request's body).
     */
    public long sentNanos() {
        return framing == BodyFraming.TUNNEL ? headEndNanos : lastByteNanos;
    }
}
