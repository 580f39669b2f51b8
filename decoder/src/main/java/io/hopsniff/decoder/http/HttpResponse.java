package io.hopsniff.decoder.http;

import java.util.List;

/**
 * A response (final or interim 1xx) as it crossed the wire. Timestamps and counts as in {@link HttpRequest}.
 */
public record HttpResponse(String version, int status, String reason, List<HttpHeader> headers,
                           List<HttpHeader> trailers, long firstByteNanos, long headEndNanos, long lastByteNanos,
                           long headBytes, long bodyBytes, byte[] bodyPrefix, BodyFraming framing, boolean complete) {

    /** The header fields with their look-ups. */
    public Headers fields() {
        return Headers.of(headers);
    }
}
