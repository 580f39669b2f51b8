package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import java.nio.ByteBuffer;

/** What {@link Http1Connection} reports. Buffers are valid only during the call. */
public interface Http1Listener {

    /** Reads nothing: what follows a switch nobody decodes. */
    StreamConsumer IGNORED = new StreamConsumer() {
        @Override
        public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        }

        @Override
        public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        }

        @Override
        public void fin(Direction direction, long timestampNanos) {
        }

        @Override
        public void rst(Direction direction, long timestampNanos) {
        }

        @Override
        public void end(EndReason reason, long timestampNanos) {
        }
    };

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
        return IGNORED;
    }
}
