package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.h2.Http2Decoder;
import io.hopsniff.decoder.http1.Http1Detect;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tls.TlsPeek;
import io.hopsniff.decoder.tls.TlsSummary;
import java.nio.ByteBuffer;

/**
 * The tunnel of a CONNECT answered 2xx. The client speaks first in a tunnel: its first bytes say what it
 * carries ({@link FirstBytes}). Cleartext HTTP/1 and HTTP/2 are parsed again, as tshark does, with their
 * exchanges reported under the CONNECT's id; TLS hellos are read; anything else is counted. Server bytes that
 * come before the client's first are counted, not decoded.
 */
final class TunnelUpgrade extends StackedLayer {

    private final ConnectionScope scope;
    private final long tunnelOf;
    private Protocol protocol = Protocol.TUNNEL;
    private boolean decided;
    private TlsPeek tls;
    private Http2Decoder http2;
    /** The tunnel's first client line while it may still become a request line (SMTP's "EHLO x" does not). */
    private final HeldPrefix held = new HeldPrefix(Http1Detect.MAX_FIRST_LINE);

    TunnelUpgrade(ConnectionScope scope, Switch what) {
        this.scope = scope;
        this.tunnelOf = what.exchange().id();
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public TlsSummary tls() {
        return tls == null ? null : tls.summary();
    }

    @Override
    public H2ConnectionSummary http2() {
        return http2 == null ? null : http2.summary();
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (decided) {
            inner.data(direction, bytes, streamOffset, timestampNanos);
        } else if (direction == Direction.CLIENT_TO_SERVER) {
            decide(bytes, streamOffset, timestampNanos);
        }
    }

    private void decide(ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (held.size() > 0) {
            // a first line that may still become a request line: decide on all of it
            if (!held.add(bytes, streamOffset, timestampNanos)) {
                decided = true;
                return;
            }
            bytes = held.bytes();
            streamOffset = held.firstOffset();
        }
        // Empty lines before a request are allowed (RFC 9112 §2.2).
        ByteBuffer rest = bytes.duplicate();
        while (rest.hasRemaining() && (rest.get(rest.position()) == '\r' || rest.get(rest.position()) == '\n')) {
            rest.get();
        }
        if (!rest.hasRemaining()) {
            return;
        }
        FirstBytes first = FirstBytes.of(rest);
        if (first == FirstBytes.HTTP1_REQUEST_PREFIX) {
            if (held.size() == 0) {
                held.add(rest, streamOffset + rest.position() - bytes.position(), timestampNanos);
            }
            return;
        }
        decided = true;
        if (held.size() > 0) {
            timestampNanos = held.firstNanos();
        }
        switch (first) {
            case HTTP2_PREFACE -> {
                protocol = Protocol.TUNNEL_HTTP2;
                http2 = scope.http2(null, Protocol.HTTP2, tunnelOf);
                inner = http2;
            }
            case TLS -> {
                protocol = Protocol.TUNNEL_TLS;
                tls = new TlsPeek();
                inner = tls;
            }
            case HTTP1_REQUEST -> {
                protocol = Protocol.TUNNEL_HTTP1;
                inner = scope.tunnelledHttp1(tunnelOf);
            }
            default -> {
                held.clear();
                return;
            }
        }
        inner.data(Direction.CLIENT_TO_SERVER, rest, streamOffset + rest.position() - bytes.position(),
                timestampNanos);
        held.clear();
    }
}
