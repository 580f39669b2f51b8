package io.hopsniff.decoder.session;

import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tls.TlsPeek;
import io.hopsniff.decoder.tls.TlsSummary;
import java.nio.ByteBuffer;

/** A connection whose first bytes are not HTTP: counted, and its TLS hellos read when it starts with TLS. */
final class OpaqueStream extends StackedLayer {

    private final ConnectionScope scope;
    private final TlsPeek tls;

    /** {@code tls} reads the hellos when the client's first bytes were a TLS handshake record, else null. */
    OpaqueStream(ConnectionScope scope, TlsPeek tls) {
        this.scope = scope;
        this.tls = tls;
        if (tls != null) {
            inner = tls;
        }
    }

    @Override
    public Protocol protocol() {
        return Protocol.UNKNOWN;
    }

    @Override
    public TlsSummary tls() {
        return tls == null ? null : tls.summary();
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        scope.countNonHttp(direction, bytes.remaining());
        inner.data(direction, bytes, streamOffset, timestampNanos);
    }
}
