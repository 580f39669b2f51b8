package io.hopsniff.decoder.http1;

/** The states of {@link Http1Parser}, one direction of an HTTP/1.x connection. */
enum ParserState {
    /** Before a start line; empty lines are skipped (RFC 9112 §2.2). */
    START,
    HEAD,
    BODY_LENGTH,
    /** The chunked coding: {@link ChunkedBody} reads it. */
    CHUNKED,
    BODY_CLOSE,
    /** Client bytes after an Upgrade/CONNECT request, kept by the connection until its answer. */
    HOLD,
    TUNNEL,
    /** Not HTTP: counted in nonHttpBytes; a gap sends it to RESYNC. */
    SKIP,
    /** Scanning line starts for a plausible start line; skipped bytes are undecoded. */
    RESYNC,
    /** Framing lost (a request with an unknown coding or bad Content-Length); a gap sends it to RESYNC. */
    UNDECODABLE,
    /** A limit was hit: nothing more is parsed in this direction. */
    DEAD;

    /** As anomaly details name it: {@code body-length}. */
    String reportName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
