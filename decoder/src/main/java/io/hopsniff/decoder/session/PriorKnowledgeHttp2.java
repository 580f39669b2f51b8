package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.h2.Http2Decoder;
import io.hopsniff.decoder.http1.Http1Connection;
import io.hopsniff.decoder.http1.Http1Detect;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A connection that starts with the HTTP/2 preface (prior knowledge, RFC 9113 §3.3). A server that answers the
 * preface in HTTP/1.x (uvicorn does: 400 or 404) is shown as the answer to the "PRI *" request it read, while
 * what the proxy goes on sending stays HTTP/2 (its streams are reported unanswered at the end).
 */
final class PriorKnowledgeHttp2 implements UpperLayer {

    /**
     * The part of the preface that an HTTP/1.1 server reads as a request ("PRI * HTTP/2.0" and an empty line).
     * Replayed to the HTTP/1 parser only when the server answers in HTTP/1.x.
     */
    private static final byte[] PREFACE_AS_HTTP1 = "PRI * HTTP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionScope scope;
    private final Http2Decoder decoder;
    /** The server's HTTP/1 answer, once it refused. */
    private final Http1Connection http;
    private final long prefaceNanos;
    private boolean refused;
    private boolean serverSpoke;

    PriorKnowledgeHttp2(ConnectionScope scope, Http1Connection http, long prefaceNanos) {
        this.scope = scope;
        this.http = http;
        this.prefaceNanos = prefaceNanos;
        this.decoder = scope.http2(null, Protocol.HTTP2, 0);
    }

    @Override
    public Protocol protocol() {
        return refused ? Protocol.HTTP2_REFUSED : Protocol.HTTP2;
    }

    @Override
    public H2ConnectionSummary http2() {
        return decoder.summary();
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        boolean server = direction == Direction.SERVER_TO_CLIENT;
        if (server && !serverSpoke && !refused && Http1Detect.looksLikeResponse(bytes)) {
            refused = true;
            http.data(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(PREFACE_AS_HTTP1), 0, prefaceNanos);
        }
        if (server && refused) {
            http.data(direction, bytes, streamOffset, timestampNanos);
            return;
        }
        serverSpoke |= server && bytes.hasRemaining();
        scope.countTunnel(direction, bytes.remaining());
        decoder.data(direction, bytes, streamOffset, timestampNanos);
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        if (refused && direction == Direction.SERVER_TO_CLIENT) {
            http.gap(direction, streamOffset, length, timestampNanos);
        } else {
            decoder.gap(direction, streamOffset, length, timestampNanos);
        }
    }

    /** The server's FIN ends a close-delimited HTTP/1 answer; HTTP/2 needs neither FIN nor RST (its streams say). */
    @Override
    public void fin(Direction direction, long timestampNanos) {
        if (refused) {
            http.fin(direction, timestampNanos);
        }
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        if (refused) {
            http.end(reason, timestampNanos);
        }
        decoder.end(reason, timestampNanos);
    }
}
