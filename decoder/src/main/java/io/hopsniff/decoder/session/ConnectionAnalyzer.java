package io.hopsniff.decoder.session;

import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http1.Http1Connection;
import io.hopsniff.decoder.http1.Http1Detect;
import io.hopsniff.decoder.http1.Http1Listener;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import io.hopsniff.decoder.tcp.TcpConnection;
import io.hopsniff.decoder.tls.TlsHello;
import io.hopsniff.decoder.tls.TlsPeek;
import io.hopsniff.decoder.tls.TlsSummary;
import io.hopsniff.decoder.ws.WebSocketHandshake;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The application layer of one connection, as a small router: the first bytes decide which layer reads the
 * connection (HTTP/1, HTTP/2 with prior knowledge, or bytes that are not HTTP) and check the roles the TCP layer
 * guessed; a 101 or a CONNECT 2xx stacks the switched-to protocol from {@link Protocol}'s registry under HTTP/1.
 * At the end it reports the connection.
 */
final class ConnectionAnalyzer implements StreamConsumer, Http1Listener {

    /** Client bytes held while undecided; a server that has not answered after this much is not HTTP's. */
    private static final int UNDECIDED_LIMIT = 16 * 1024;

    private final ConnectionScope scope;
    private final TcpConnection connection;
    /** Made when the first bytes are HTTP: a flood of connections that carry nothing costs no parser state. */
    private Http1Connection http;
    /** Client bytes held while their first line is not recognisably HTTP, until the server's first bytes decide. */
    private final HeldPrefix undecided = new HeldPrefix(UNDECIDED_LIMIT);
    /** The layer reading the connection once its first bytes decided; null before. */
    private UpperLayer current;
    /** What HTTP/1 switched to, or null. */
    private UpperLayer upgraded;
    private String upgradedTo;
    /** A 101 held back until what followed it is known (a WebSocket session goes into the report with it). */
    private HttpExchange heldUpgrade;

    ConnectionAnalyzer(TcpConnection connection, DecoderConfig decoderConfig, LongSupplier exchangeIds,
                       AnalysisListener out, AnomalySink anomalies, KeptBytes kept) {
        this.connection = connection;
        this.scope = new ConnectionScope(connection, decoderConfig, exchangeIds, out, anomalies, kept);
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (current == null) {
            direction = detect(direction, bytes, streamOffset, timestampNanos);
            if (current == null) {
                return;
            }
        }
        current.data(direction, bytes, streamOffset, timestampNanos);
    }

    /**
     * The first bytes decide: a request line from the guessed server, or a status line from the guessed client,
     * means the TCP layer guessed the roles wrong (a capture that starts mid-stream).
     */
    private Direction detect(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (direction == Direction.CLIENT_TO_SERVER && undecided.size() > 0) {
            if (!undecided.add(bytes, streamOffset, timestampNanos)) {
                becomeOpaque(); // these bytes are counted by the opaque layer
            }
            return direction;
        }
        boolean request = Http1Detect.looksLikeRequest(bytes);
        boolean response = Http1Detect.looksLikeResponse(bytes);
        if (direction == Direction.CLIENT_TO_SERVER && response && !request
                || direction == Direction.SERVER_TO_CLIENT && request && !response && !connection.rolesFromSyn()) {
            connection.swapRoles();
            direction = direction.reverse();
        }
        if (direction == Direction.CLIENT_TO_SERVER && FirstBytes.of(bytes) == FirstBytes.HTTP2_PREFACE) {
            current = new PriorKnowledgeHttp2(scope, http(), timestampNanos);
        } else if (request || response) {
            current = new StackedLayer() {
                {
                    inner = http();
                }

                @Override
                public Protocol protocol() {
                    return Protocol.HTTP1;
                }
            };
            if (!connection.sawSyn()) {
                // Without the handshake the first bytes may be the middle of a message: resync on both sides.
                http.startMidStream(timestampNanos);
            }
            if (undecided.size() > 0) {
                // Not a clean request line (e.g. "OPTIONS\n"), but the server answered in HTTP/1.x: the held
                // client bytes are parsed as HTTP after all, anomalies and all.
                http.data(Direction.CLIENT_TO_SERVER, undecided.bytes(), undecided.firstOffset(), undecided.firstNanos());
                undecided.clear();
            }
        } else if (direction != Direction.CLIENT_TO_SERVER || !undecided.add(bytes, streamOffset, timestampNanos)) {
            becomeOpaque();
        }
        return direction;
    }

    private void becomeOpaque() {
        TlsPeek tls = null;
        if (undecided.size() > 0 && TlsHello.looksLikeHandshake(undecided.bytes())) {
            tls = new TlsPeek();
            tls.feed(Direction.CLIENT_TO_SERVER, undecided.bytes());
        }
        current = new OpaqueStream(scope, tls);
        scope.countNonHttp(Direction.CLIENT_TO_SERVER, undecided.size());
        undecided.clear();
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        if (current != null) {
            current.gap(direction, streamOffset, length, timestampNanos);
        }
    }

    @Override
    public void fin(Direction direction, long timestampNanos) {
        if (current != null) {
            current.fin(direction, timestampNanos);
        }
    }

    @Override
    public void rst(Direction direction, long timestampNanos) {
        if (current != null) {
            current.rst(direction, timestampNanos);
        }
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        if (current != null) {
            current.end(reason, timestampNanos);
        }
        releaseUpgrade();
        scope.countNonHttp(Direction.CLIENT_TO_SERVER, undecided.size());
        undecided.clear();
        UpperLayer last = upgraded != null ? upgraded : current;
        TlsSummary tls = upgraded != null && upgraded.tls() != null ? upgraded.tls() : current == null ? null : current.tls();
        H2ConnectionSummary h2 = upgraded != null && upgraded.http2() != null ? upgraded.http2()
                : current == null ? null : current.http2();
        scope.report(new ConnectionRecord(connection.id(), connection.client(), connection.server(),
                connection.firstNanos(), connection.lastNanos(), reason, connection.sawSyn(),
                connection.rolesFromSyn(), connection.history(), last == null ? Protocol.NONE : last.protocol(),
                upgradedTo, scope.exchanges(), connection.stats(Direction.CLIENT_TO_SERVER),
                connection.stats(Direction.SERVER_TO_CLIENT),
                new ByteCounts(scope.nonHttp(Direction.CLIENT_TO_SERVER) + nonHttp(Direction.CLIENT_TO_SERVER),
                        scope.nonHttp(Direction.SERVER_TO_CLIENT) + nonHttp(Direction.SERVER_TO_CLIENT)),
                new ByteCounts(scope.tunnel(Direction.CLIENT_TO_SERVER), scope.tunnel(Direction.SERVER_TO_CLIENT)),
                tls, h2));
    }

    private Http1Connection http() {
        if (http == null) {
            http = new Http1Connection(connection.id(), scope.config.http(), scope.exchangeIds, this, scope.anomalies,
                    scope.kept);
        }
        return http;
    }

    private long nonHttp(Direction d) {
        return http == null ? 0 : http.nonHttpBytes(d);
    }

    @Override
    public void exchange(HttpExchange exchange) {
        if (exchange.request() != null && WebSocketHandshake.requestsWebSocket(exchange.request())) {
            WebSocketHandshake.check(exchange, connection.id(), scope.anomalies, answerTime(exchange));
        }
        if (exchange.response() != null && exchange.response().status() == 101) {
            releaseUpgrade(); // at most one 101 per connection; a second one would be an anomaly already
            heldUpgrade = exchange;
            return;
        }
        scope.emit(exchange, scope.context(Protocol.HTTP1, 0, null, List.of()));
    }

    private static long answerTime(HttpExchange e) {
        return e.response() != null ? e.response().firstByteNanos() : e.request().lastByteNanos();
    }

    private void releaseUpgrade() {
        if (heldUpgrade != null) {
            HttpExchange e = heldUpgrade;
            heldUpgrade = null;
            scope.emit(e, scope.context(Protocol.HTTP1, 0, null, List.of()));
        }
    }

    @Override
    public StreamConsumer switched(HttpExchange exchange, String token) {
        upgradedTo = token;
        boolean held = exchange == heldUpgrade;
        UpperLayer layer = Protocol.forUpgrade(token).start(scope, new Switch(exchange, held));
        if (held && layer.reportsSwitch()) {
            heldUpgrade = null;
        } else {
            releaseUpgrade();
        }
        upgraded = layer;
        return new StackedLayer() {
            {
                inner = layer;
            }

            @Override
            public Protocol protocol() {
                return layer.protocol();
            }

            @Override
            public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
                scope.countTunnel(direction, bytes.remaining());
                layer.data(direction, bytes, streamOffset, timestampNanos);
            }
        };
    }
}
