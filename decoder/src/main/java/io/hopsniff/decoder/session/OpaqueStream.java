package io.hopsniff.decoder.session;

import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tls.TlsPeek;
import io.hopsniff.decoder.tls.TlsSummary;
import java.nio.ByteBuffer;

/**
 * A connection whose first bytes are not HTTP: counted, its TLS hellos read when it starts with TLS, and named
 * from each side's first bytes when it is a common line protocol ({@link OtherProtocols}).
 */
final class OpaqueStream extends StackedLayer {

    private final ConnectionScope scope;
    private final TlsPeek tls;
    private final byte[] clientHead = new byte[OtherProtocols.HEAD];
    private final byte[] serverHead = new byte[OtherProtocols.HEAD];
    private int clientHeadLength;
    private int serverHeadLength;

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
        return tls != null ? Protocol.UNKNOWN
                : OtherProtocols.name(clientHead, clientHeadLength, serverHead, serverHeadLength);
    }

    @Override
    public TlsSummary tls() {
        return tls == null ? null : tls.summary();
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        scope.countNonHttp(direction, bytes.remaining());
        if (direction == Direction.CLIENT_TO_SERVER) {
            clientHeadLength = keep(bytes, clientHead, clientHeadLength);
        } else {
            serverHeadLength = keep(bytes, serverHead, serverHeadLength);
        }
        inner.data(direction, bytes, streamOffset, timestampNanos);
    }

    /** Appends what fits of {@code b} (not moved) to {@code head}; returns the new length. */
    private static int keep(ByteBuffer b, byte[] head, int length) {
        int n = Math.min(b.remaining(), head.length - length);
        b.get(b.position(), head, length, n);
        return length + n;
    }
}
