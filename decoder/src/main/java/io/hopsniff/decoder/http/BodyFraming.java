package io.hopsniff.decoder.http;

/** How a message body's end was determined (RFC 9112 §6.3). */
public enum BodyFraming {
    /** No body by the rules (HEAD, 1xx, 204, 304, a request without Content-Length/Transfer-Encoding). */
    NONE,
    CONTENT_LENGTH,
    CHUNKED,
    /** Until the server closed the connection. */
    CLOSE_DELIMITED,
    /** The connection switched protocols (101, 2xx to CONNECT): what follows is not this message's body. */
    TUNNEL;

    public String reportName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
