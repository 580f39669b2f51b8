package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.HttpExchange;

import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;

/** What {@link Http1Connection} reports. Buffers are valid only during the call. */
public interface Http1Listener {

    /** A request with its answer (either may be missing), in connection order. */
    void exchange(HttpExchange e);

    /**
     * HTTP parsing ended because of a 101 or a 2xx answer to CONNECT; {@code e} was just passed to
     * {@link #exchange}. {@code protocol} is the lower-cased first Upgrade token of the response (else of the
     * request, else "unknown"), or "connect". Every later byte of both directions goes to {@link #tunnelData}.
     */
    default void switched(HttpExchange e, String protocol) {
    }

    /** Bytes of the switched-to protocol, in order per direction. */
    default void tunnelData(Direction d, ByteBuffer bytes, long ts) {
    }

    /**
     * {@code length} bytes of the switched-to protocol were never seen (a capture gap, or client bytes beyond
     * {@link Http1Config#maxHeldBytes()} sent before the switch). Never invented: the next parser must resync.
     */
    default void tunnelGap(Direction d, long length, long ts) {
    }
}
