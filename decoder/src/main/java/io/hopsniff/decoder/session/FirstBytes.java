package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.H2Preface;
import io.hopsniff.decoder.http1.Http1Detect;
import io.hopsniff.decoder.tls.TlsHello;
import java.nio.ByteBuffer;

/**
 * What a stream's first bytes say it carries: the one place that tells HTTP/2, TLS and HTTP/1 apart, for a
 * connection's start and for a CONNECT tunnel's. A port is a hint; the bytes decide. Reads without moving the
 * buffer's position.
 */
enum FirstBytes {
    /** The HTTP/2 client connection preface (RFC 9113 §3.4), or a prefix of it. */
    HTTP2_PREFACE,
    /** A TLS handshake record (RFC 8446 §5.1). */
    TLS,
    /** A whole request line, {@code method SP target SP HTTP/d.d} ({@link Http1Detect#requestLine}). */
    HTTP1_REQUEST,
    /** An unfinished first line that may still become a request line: more bytes decide. */
    HTTP1_REQUEST_PREFIX,
    /** "HTTP/1." or a prefix of it (and not a request's prefix). */
    HTTP1_RESPONSE,
    OTHER;

    /** The preface is checked first: "PRI * HTTP/2.0" also looks like a request line. */
    static FirstBytes of(ByteBuffer b) {
        if (H2Preface.startsWith(b)) {
            return HTTP2_PREFACE;
        }
        if (TlsHello.looksLikeHandshake(b)) {
            return TLS;
        }
        Http1Detect.Shape request = Http1Detect.requestLine(b);
        if (request == Http1Detect.Shape.REQUEST_LINE) {
            return HTTP1_REQUEST;
        }
        if (Http1Detect.looksLikeResponse(b)) {
            return HTTP1_RESPONSE;
        }
        return request == Http1Detect.Shape.PREFIX ? HTTP1_REQUEST_PREFIX : OTHER;
    }
}
