package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.h2.H2Preface;
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
import io.hopsniff.decoder.ws.WsFrameShape;
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
    /** Bytes of a connection first seen without its SYN searched for a message start before it is given up. */
    private static final long MID_STREAM_SEARCH_LIMIT = 1 << 20;

    private final ConnectionScope scope;
    private final TcpConnection connection;
    /** Made when the first bytes are HTTP: a flood of connections that carry nothing costs no parser state. */
    private Http1Connection http;
    /** Client bytes held while their first line is not recognisably HTTP, until more bytes or the server decide. */
    private HeldPrefix undecided = new HeldPrefix(UNDECIDED_LIMIT);
    /** Server bytes held while they look like HTTP/2 SETTINGS sent before the client's preface. */
    private HeldPrefix serverFirst = new HeldPrefix(UNDECIDED_LIMIT);
    /** The held client line is not complete yet and may still be a request line. */
    private boolean awaitingFirstLine;
    /** Mid-stream bytes searched for a message start and skipped, by direction (client, server). */
    private final long[] skippedMidStream = new long[2];
    /**
     * Mid-stream: each side's bytes from its first segment that was whole WebSocket frames, held until the other
     * side shows frames too (index 0 client, 1 server); null until then.
     */
    private final HeldPrefix[] webSocketEvidence = new HeldPrefix[2];
    /** The PROXY header or SOCKS handshake the connection started with, or null. */
    private PreambleLayer preamble;
    /** The layer reading the connection once its first bytes decided; null before. */
    private UpperLayer current;
    /** What HTTP/1 switched to, or null. */
    private UpperLayer upgraded;
    private String upgradedTo;
    /** A 101 held back until what followed it is known (a WebSocket session goes into the report with it). */
    private HttpExchange heldUpgrade;

    ConnectionAnalyzer(TcpConnection connection, DecoderConfig decoderConfig, LongSupplier exchangeIds,
                       AnalysisListener out, AnomalySink anomalies, RunBounds bounds) {
        this.connection = connection;
        this.scope = new ConnectionScope(connection, decoderConfig, exchangeIds, out, anomalies, bounds);
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (current != null) {
            current.data(direction, bytes, streamOffset, timestampNanos);
        } else {
            detect(direction, bytes, streamOffset, timestampNanos);
        }
    }

    /**
     * The first bytes decide. A request line needs its HTTP version: a method-like word and a space ("EHLO x",
     * "220 ready") are other protocols. A request line from the guessed server, or a status line from the guessed
     * client, means the TCP layer guessed the roles wrong (a capture that starts mid-stream).
     */
    private void detect(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (scope.config.webSocketPorts().contains(connection.server().port())) {
            start(new HandshakelessWebSocket(scope), direction, bytes, streamOffset, timestampNanos); // --decode-as
            return;
        }
        if (webSocketEvidence[direction.ordinal()] != null) {
            webSocketEvidence(direction, bytes, streamOffset, timestampNanos);
            return;
        }
        if (direction == Direction.CLIENT_TO_SERVER && undecided.size() > 0) {
            holdClient(bytes, streamOffset, timestampNanos);
            return;
        }
        if (direction == Direction.SERVER_TO_CLIENT && serverFirst.size() > 0) {
            if (!serverFirst.add(bytes, streamOffset, timestampNanos)) {
                becomeOpaque(direction, bytes, streamOffset, timestampNanos);
            }
            return;
        }
        if (direction == Direction.CLIENT_TO_SERVER && preamble == null && connection.sawSyn()) {
            Preamble.Kind kind = Preamble.of(bytes);
            if (kind != Preamble.Kind.NONE) {
                preamble = new PreambleLayer(kind, scope, this::afterPreamble);
                start(preamble, direction, bytes, streamOffset, timestampNanos);
                return;
            }
        }
        Http1Detect.Shape shape = Http1Detect.requestLine(bytes);
        boolean request = shape == Http1Detect.Shape.REQUEST_LINE;
        boolean response = Http1Detect.looksLikeResponse(bytes);
        if (direction == Direction.CLIENT_TO_SERVER && response && !request
                || direction == Direction.SERVER_TO_CLIENT && request && !response && !connection.rolesFromSyn()) {
            connection.swapRoles();
            direction = direction.reverse();
            HeldPrefix held = undecided; // what was held for one side was the other's
            undecided = serverFirst;
            serverFirst = held;
        }
        if (direction == Direction.CLIENT_TO_SERVER && FirstBytes.of(bytes) == FirstBytes.HTTP2_PREFACE) {
            start(new PriorKnowledgeHttp2(scope, http(), timestampNanos), direction, bytes, streamOffset, timestampNanos);
        } else if (request || response || !connection.sawSyn() && foundMidStream(direction, bytes)) {
            startHttp1(direction, bytes, streamOffset, timestampNanos);
        } else if (!connection.sawSyn() && WsFrameShape.wholeFrames(bytes, direction == Direction.CLIENT_TO_SERVER)) {
            webSocketEvidence(direction, bytes, streamOffset, timestampNanos);
        } else if (!connection.sawSyn() && !connection.rolesKnown() && webSocketEvidence[0] == null
                && webSocketEvidence[1] == null && WsFrameShape.wholeFrames(bytes, direction != Direction.CLIENT_TO_SERVER)) {
            // frames masked as only a client masks them, from the side taken for the server: the roles were guessed
            // wrong (a server that pushed first in the capture)
            connection.swapRoles();
            long skipped = skippedMidStream[0];
            skippedMidStream[0] = skippedMidStream[1];
            skippedMidStream[1] = skipped;
            webSocketEvidence(direction.reverse(), bytes, streamOffset, timestampNanos);
        } else if (!connection.sawSyn() && direction == Direction.SERVER_TO_CLIENT
                && (webSocketEvidence[0] != null || connection.rolesKnown()) && WsFrameShape.wholeFrames(bytes, true)) {
            // a server that masks its frames, as a client must (RFC 6455 §5.1: a violation the frame decoder names):
            // its peer showed real client frames, or --server says which side is the server
            webSocketEvidence(direction, bytes, streamOffset, timestampNanos);
        } else if (!connection.sawSyn()) {
            skipMidStream(direction, bytes, streamOffset, timestampNanos);
        } else if (direction == Direction.CLIENT_TO_SERVER) {
            awaitingFirstLine = shape == Http1Detect.Shape.PREFIX;
            holdClient(bytes, streamOffset, timestampNanos);
        } else if (undecided.size() == 0 && H2Preface.startsWithServerSettings(bytes)) {
            serverFirst.add(bytes, streamOffset, timestampNanos); // an h2 server may speak first: wait for the client
        } else {
            becomeOpaque(direction, bytes, streamOffset, timestampNanos);
        }
    }

    /** Holds more client bytes; a first line completed as a request line makes the connection HTTP after all. */
    private void holdClient(ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (!undecided.add(bytes, streamOffset, timestampNanos)) {
            becomeOpaque(Direction.CLIENT_TO_SERVER, bytes, streamOffset, timestampNanos);
            return;
        }
        if (awaitingFirstLine) {
            Http1Detect.Shape shape = Http1Detect.requestLine(undecided.bytes());
            awaitingFirstLine = shape == Http1Detect.Shape.PREFIX;
            if (shape == Http1Detect.Shape.REQUEST_LINE) {
                startHttp1(Direction.CLIENT_TO_SERVER, ByteBuffer.allocate(0), streamOffset, timestampNanos);
            }
        }
    }

    /**
     * A connection seen mid-stream whose segments are whole WebSocket frames, masked from the client and unmasked
     * from the server (RFC 6455 §5.1): once both sides showed frames it is read as WebSocket from each side's first
     * such segment. Until then a side's bytes from that segment on are held (they must stay contiguous).
     */
    private void webSocketEvidence(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        int side = direction.ordinal();
        if (webSocketEvidence[side] == null) {
            webSocketEvidence[side] = new HeldPrefix(UNDECIDED_LIMIT);
        }
        if (!webSocketEvidence[side].add(bytes, streamOffset, timestampNanos)) {
            // the other side is silent (a server pushing, a client that never speaks): start again from here
            skippedMidStream[side] += webSocketEvidence[side].size();
            webSocketEvidence[side].clear();
            boolean frames = WsFrameShape.wholeFrames(bytes, direction == Direction.CLIENT_TO_SERVER)
                    || direction == Direction.SERVER_TO_CLIENT && WsFrameShape.wholeFrames(bytes, true); // one that masks
            if (!frames || !webSocketEvidence[side].add(bytes, streamOffset, timestampNanos)) {
                skippedMidStream[side] += bytes.remaining();
                webSocketEvidence[side] = null;
                return;
            }
        }
        if (webSocketEvidence[1 - side] == null) {
            return;
        }
        HandshakelessWebSocket layer = new HandshakelessWebSocket(scope);
        current = layer;
        for (Direction d : Direction.values()) {
            HeldPrefix held = webSocketEvidence[d.ordinal()];
            scope.countNonHttp(d, skippedMidStream[d.ordinal()]);
            layer.data(d, held.bytes(), held.firstOffset(), held.firstNanos());
            held.clear();
        }
    }

    private boolean foundMidStream(Direction direction, ByteBuffer bytes) {
        return skippedMidStream[0] + skippedMidStream[1] < MID_STREAM_SEARCH_LIMIT && Http1Detect.hasMessageStart(bytes);
    }

    /** Mid-stream bytes before any message start: skipped (and counted) until one starts, within a budget. */
    private void skipMidStream(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (skippedMidStream[0] + skippedMidStream[1] + bytes.remaining() < MID_STREAM_SEARCH_LIMIT) {
            skippedMidStream[direction.ordinal()] += bytes.remaining();
            return;
        }
        scope.countNonHttp(Direction.CLIENT_TO_SERVER, skippedMidStream[0]);
        scope.countNonHttp(Direction.SERVER_TO_CLIENT, skippedMidStream[1]);
        becomeOpaque(direction, bytes, streamOffset, timestampNanos); // counts this segment
    }

    private void startHttp1(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        StackedLayer layer = new StackedLayer() {
            {
                inner = http();
            }

            @Override
            public Protocol protocol() {
                return Protocol.HTTP1;
            }
        };
        if (!connection.sawSyn()) {
            // Without the handshake the first bytes may be the middle of a message: resync on both sides, counting
            // what was skipped before this segment.
            http.startMidStream(timestampNanos, skippedMidStream[0], skippedMidStream[1]);
        }
        start(layer, direction, bytes, streamOffset, timestampNanos);
    }

    /**
     * Hands the connection to {@code layer}: the held client bytes first (e.g. "OPTIONS\n" that was not a clean
     * request line, answered in HTTP/1.x: parsed as HTTP after all, anomalies and all), then the held server bytes,
     * each before this segment's bytes of the same side.
     */
    private void start(UpperLayer layer, Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        current = layer;
        if (undecided.size() > 0) {
            current.data(Direction.CLIENT_TO_SERVER, undecided.bytes(), undecided.firstOffset(), undecided.firstNanos());
            undecided.clear();
        }
        if (direction == Direction.CLIENT_TO_SERVER && bytes.hasRemaining()) {
            current.data(direction, bytes, streamOffset, timestampNanos);
        }
        if (serverFirst.size() > 0) {
            current.data(Direction.SERVER_TO_CLIENT, serverFirst.bytes(), serverFirst.firstOffset(),
                    serverFirst.firstNanos());
            serverFirst.clear();
        }
        if (direction == Direction.SERVER_TO_CLIENT && bytes.hasRemaining()) {
            current.data(direction, bytes, streamOffset, timestampNanos);
        }
    }

    /** After a PROXY header or a SOCKS handshake: what follows is detected afresh, or only counted when it failed. */
    private void afterPreamble(boolean proceeded, ByteBuffer client, long clientOffset, ByteBuffer server,
                               long serverOffset, long timestampNanos) {
        current = proceeded ? null : preamble; // a failed one counts what follows
        if (client.hasRemaining()) {
            data(Direction.CLIENT_TO_SERVER, client, clientOffset, timestampNanos);
        }
        if (server.hasRemaining()) {
            data(Direction.SERVER_TO_CLIENT, server, serverOffset, timestampNanos);
        }
    }

    private void becomeOpaque(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        ByteBuffer clientFirst = undecided.size() > 0 ? undecided.bytes()
                : direction == Direction.CLIENT_TO_SERVER ? bytes : null;
        TlsPeek tls = clientFirst != null && TlsHello.looksLikeHandshake(clientFirst) ? new TlsPeek() : null;
        start(new OpaqueStream(scope, tls), direction, bytes, streamOffset, timestampNanos);
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
        if (current == null) {
            scope.countNonHttp(Direction.CLIENT_TO_SERVER, undecided.size() + skippedMidStream[0]);
            scope.countNonHttp(Direction.SERVER_TO_CLIENT, serverFirst.size() + skippedMidStream[1]);
        }
        undecided.clear();
        serverFirst.clear();
        UpperLayer last = upgraded != null ? upgraded : current != null ? current : preamble;
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
                tls, h2, preamble == null ? null : preamble.facts(),
                current instanceof HandshakelessWebSocket ws ? ws.session() : null));
    }

    private Http1Connection http() {
        if (http == null) {
            http = new Http1Connection(connection.id(), scope.config.http(), scope.exchangeIds, this, scope.anomalies,
                    scope.bounds.kept(), scope.bounds.waitingRequests());
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
