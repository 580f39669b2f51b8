package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.StreamConsumer;

/** What {@link Http1Connection} reports. Buffers are valid only during the call. */
public interface Http1Listener {

    /** A request with its answer (either may be missing), in connection order. */
    void exchange(HttpExchange e);

    /**
     * HTTP parsing ended because of a 101 or a 2xx answer to CONNECT; {@code e} was just passed to
     * {@link #exchange}. {@code protocol} is the lower-cased first Upgrade token of the response (else of the
     * request, else "unknown"), or "connect". Returns what reads every later byte of both directions (with
     * their stream offsets; client bytes held while the answer was awaited come first), the gaps, FINs, RSTs and
     * the end: the connection's upgraded protocol.
     */
    default StreamConsumer switched(HttpExchange e, String protocol) {
        return StreamConsumer.IGNORED;
    }
}
