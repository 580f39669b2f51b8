package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.h2.H2Config;
import io.hopsniff.decoder.h2.Http2Decoder;
import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.http1.Http1Connection;
import io.hopsniff.decoder.http1.Http1Detect;
import io.hopsniff.decoder.http1.Http1Listener;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import io.hopsniff.decoder.tcp.TcpConnection;
import io.hopsniff.decoder.tls.TlsHello;
import io.hopsniff.decoder.tls.TlsPeek;
import io.hopsniff.decoder.ws.KeptMessage;
import io.hopsniff.decoder.ws.WebSocketDecoder;
import io.hopsniff.decoder.ws.WebSocketHandshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The application layer of one connection: decides from the first bytes what it carries, checks the roles the
 * TCP layer guessed, runs the HTTP/1 parser, and follows protocol switches: cleartext HTTP inside a CONNECT
 * tunnel is parsed again (as tshark does), other switched-to protocols are counted.
 */
final class ConnectionAnalyzer implements StreamConsumer, Http1Listener {

    /**
     * The part of the HTTP/2 connection preface that an HTTP/1.1 server reads as a request (RFC 9113 §3.4:
     * "PRI * HTTP/2.0" followed by an empty line). Replayed to the HTTP/1 parser only when the server answers
     * the preface in HTTP/1.x, so that its answer is shown against what it answered.
     */
    private static final byte[] PREFACE_AS_HTTP1 = "PRI * HTTP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Client bytes held while undecided; a server that has not answered after this much is not HTTP's. */
    private static final int UNDECIDED_LIMIT = 16 * 1024;

    /** HTTP2_REFUSED: the proxy speaks HTTP/2 (to the h2 decoder), the backend answers in HTTP/1 (to the parser). */
    private enum State { DETECT, HTTP1, HTTP2_PREFACE, HTTP2_REFUSED, OPAQUE }

    private final TcpConnection connection;
    private final Http1Config config;
    private final LongSupplier exchangeIds;
    private final AnomalySink anomalies;
    private final Http1Connection http;
    private final AnalysisListener out;
    private State state = State.DETECT;
    private String protocol = "none";
    private String upgradedTo;
    private int exchanges;
    private long prefaceNanos;
    private final long[] nonHttp = new long[2];
    /** Client bytes held while their first line is not recognisably HTTP, until the server's first bytes decide. */
    private final HeldPrefix undecided = new HeldPrefix(UNDECIDED_LIMIT);
    private final long[] tunnel = new long[2];
    /** Cleartext HTTP inside a CONNECT tunnel, once its first bytes say so. */
    private TunnelAnalyzer inner;
    private long tunnelExchangeId;
    private boolean innerDecided;
    private final DecoderConfig decoderConfig;
    /** A 101 held back until what followed it is known (its WebSocket session goes into the report with it). */
    private HttpExchange heldUpgrade;
    private WebSocketDecoder websocket;
    /** HTTP/2 on this connection: prior knowledge, after an h2c 101, or inside a CONNECT tunnel. */
    private Http2Decoder http2;
    private String http2CarriedBy;
    /** TLS hellos read from the clear, when the connection (or its CONNECT tunnel) starts with a TLS record. */
    private TlsPeek tls;

    ConnectionAnalyzer(TcpConnection connection, DecoderConfig decoderConfig, LongSupplier exchangeIds,
                       AnalysisListener out, AnomalySink anomalies) {
        this.connection = connection;
        this.decoderConfig = decoderConfig;
        this.config = decoderConfig.http();
        this.exchangeIds = exchangeIds;
        this.anomalies = anomalies;
        this.out = out;
        this.http = new Http1Connection(connection.id(), config, exchangeIds, this, anomalies);
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (state == State.DETECT) {
            direction = detect(direction, bytes, timestampNanos);
            if (state == State.DETECT) {
                return;
            }
        }
        switch (state) {
            case HTTP1 -> http.data(direction, bytes, timestampNanos);
            case HTTP2_PREFACE -> http2(direction, bytes, timestampNanos);
            case HTTP2_REFUSED -> {
                // The proxy goes on sending frames whatever the backend answered: they stay HTTP/2.
                if (direction == Direction.CLIENT_TO_SERVER) {
                    tunnel[0] += bytes.remaining();
                    http2.data(direction, bytes, 0, timestampNanos);
                } else {
                    http.data(direction, bytes, timestampNanos);
                }
            }
            case OPAQUE, DETECT -> {
                nonHttp[direction.ordinal()] += bytes.remaining();
                peekTls(direction, bytes);
            }
        }
    }

    /**
     * The first bytes decide: a request line from the guessed server, or a status line from the guessed client,
     * means the TCP layer guessed the roles wrong (a capture that starts mid-stream).
     */
    private Direction detect(Direction direction, ByteBuffer bytes, long timestampNanos) {
        if (direction == Direction.CLIENT_TO_SERVER && undecided.size() > 0) {
            if (!undecided.add(bytes, timestampNanos)) {
                becomeOpaque(); // these bytes are counted by the caller
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
        if (direction == Direction.CLIENT_TO_SERVER && Http1Detect.isHttp2Preface(bytes)) {
            protocol = "http2";
            state = State.HTTP2_PREFACE;
            prefaceNanos = timestampNanos;
            startHttp2(null, "http2", 0);
        } else if (request || response) {
            protocol = "http/1.1";
            state = State.HTTP1;
            if (!connection.sawSyn()) {
                // Without the handshake the first bytes may be the middle of a message: resync on both sides.
                http.startMidStream(timestampNanos);
            }
        } else if (direction == Direction.CLIENT_TO_SERVER && undecided.add(bytes, timestampNanos)) {
            // Not a clean request line (e.g. "OPTIONS\n", "OPTIONSHTTP/1.1"): wait for the server. If it answers
            // in HTTP/1.x, the held client bytes are parsed as HTTP after all, anomalies and all.
            return direction;
        } else {
            becomeOpaque();
            return direction;
        }
        if (state == State.HTTP1 && undecided.size() > 0) {
            http.data(Direction.CLIENT_TO_SERVER, undecided.bytes(), undecided.firstNanos());
            undecided.clear();
        }
        return direction;
    }

    private void becomeOpaque() {
        if (undecided.size() > 0 && TlsHello.looksLikeHandshake(undecided.bytes())) {
            tls = new TlsPeek();
            tls.feed(Direction.CLIENT_TO_SERVER, undecided.bytes());
        }
        protocol = "unknown";
        state = State.OPAQUE;
        nonHttp[0] += undecided.size();
        undecided.clear();
    }

    /**
     * Prior-knowledge HTTP/2 (RFC 9113 §3.3). The frames are not decoded yet; but a server that answers the
     * preface in HTTP/1.x (uvicorn does: 400 or 404) is shown as the answer to the "PRI *" request it read.
     */
    private void http2(Direction direction, ByteBuffer bytes, long timestampNanos) {
        if (direction == Direction.SERVER_TO_CLIENT && tunnel[1] == 0 && Http1Detect.looksLikeResponse(bytes)) {
            protocol = "http2-refused";
            state = State.HTTP2_REFUSED;
            // What the proxy sent as HTTP/2 still ends up in the report (its streams, unanswered) when the
            // connection ends; the backend's HTTP/1 answer is shown against the "PRI *" it read.
            http.data(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(PREFACE_AS_HTTP1), prefaceNanos);
            http.data(direction, bytes, timestampNanos);
            return;
        }
        tunnel[direction.ordinal()] += bytes.remaining();
        http2.data(direction, bytes, 0, timestampNanos);
    }

    private void startHttp2(HttpExchange upgrade, String carriedBy, long tunnelOf) {
        http2CarriedBy = carriedBy;
        http2 = new Http2Decoder(connection.id(), upgrade,
                H2Config.DEFAULTS.withBodyPrefixBytes(config.bodyPrefixBytes()), exchangeIds,
                e -> {
                    exchanges++;
                    out.exchange(e, new ExchangeContext(connection.client(), connection.server(), http2CarriedBy,
                            tunnelOf, null));
                }, anomalies);
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        if (state == State.HTTP1 || state == State.HTTP2_REFUSED && direction == Direction.SERVER_TO_CLIENT) {
            http.gap(direction, length, timestampNanos);
        } else if (state == State.HTTP2_PREFACE || state == State.HTTP2_REFUSED) {
            http2.gap(direction, 0, length, timestampNanos);
        }
    }

    @Override
    public void fin(Direction direction, long timestampNanos) {
        if (state == State.HTTP1 || state == State.HTTP2_REFUSED) {
            http.fin(direction, timestampNanos);
        }
        if (websocket != null) {
            websocket.fin(direction, timestampNanos);
        }
        if (http2 != null) {
            http2.fin(direction, timestampNanos);
        }
    }

    @Override
    public void rst(Direction direction, long timestampNanos) {
        // The end() that follows flushes the parser; the WebSocket needs to know who reset.
        if (websocket != null) {
            websocket.rst(direction, timestampNanos);
        }
        if (http2 != null) {
            http2.rst(direction, timestampNanos);
        }
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        if (state == State.HTTP1 || state == State.HTTP2_REFUSED) {
            http.end(timestampNanos);
        }
        if (websocket != null) {
            websocket.end(reason, timestampNanos);
        }
        if (http2 != null) {
            http2.end(reason, timestampNanos);
        }
        releaseUpgrade();
        if (inner != null) {
            inner.end(timestampNanos);
        }
        nonHttp[0] += undecided.size();
        undecided.clear();
        out.connection(new ConnectionRecord(connection.id(), connection.client(), connection.server(),
                connection.firstNanos(), connection.lastNanos(), reason, connection.sawSyn(),
                connection.rolesFromSyn(), connection.history(), protocol, upgradedTo, exchanges,
                connection.stats(Direction.CLIENT_TO_SERVER), connection.stats(Direction.SERVER_TO_CLIENT),
                new ByteCounts(nonHttp[0] + http.nonHttpBytes(Direction.CLIENT_TO_SERVER),
                        nonHttp[1] + http.nonHttpBytes(Direction.SERVER_TO_CLIENT)),
                new ByteCounts(tunnel[0], tunnel[1]), tls == null ? null : tls.summary(),
                http2 == null ? null : http2.summary()));
    }

    @Override
    public void exchange(HttpExchange exchange) {
        exchanges++;
        if (exchange.request() != null && WebSocketHandshake.requestsWebSocket(exchange.request())) {
            WebSocketHandshake.check(exchange, connection.id(), anomalies, answerTime(exchange));
        }
        if (exchange.response() != null && exchange.response().status() == 101) {
            releaseUpgrade(); // at most one 101 per connection; a second one would be an anomaly already
            heldUpgrade = exchange;
            return;
        }
        out.exchange(exchange, ExchangeContext.http1(connection.client(), connection.server()));
    }

    private static long answerTime(HttpExchange e) {
        return e.response() != null ? e.response().firstByteNanos() : e.request().lastByteNanos();
    }

    /** Emits the held 101 with the WebSocket session that followed it, if any. */
    private void releaseUpgrade() {
        if (heldUpgrade == null) {
            return;
        }
        HttpExchange e = heldUpgrade;
        heldUpgrade = null;
        java.util.List<ExchangeContext.Message> kept = new java.util.ArrayList<>();
        if (websocket != null && decoderConfig.ws().payloadBytesKept() > 0) {
            for (Direction d : Direction.values()) {
                for (KeptMessage m : websocket.keptMessages(d)) {
                    kept.add(new ExchangeContext.Message(d, m));
                }
            }
            kept.sort(java.util.Comparator.comparingLong(m -> m.message().timestampNanos()));
        }
        out.exchange(e, new ExchangeContext(connection.client(), connection.server(), "http/1.1", 0,
                websocket == null ? null : websocket.session(), kept));
    }

    @Override
    public void switched(HttpExchange exchange, String switchedProtocol) {
        upgradedTo = switchedProtocol;
        if ("websocket".equals(switchedProtocol) && exchange == heldUpgrade) {
            websocket = new WebSocketDecoder(connection.id(), exchange, decoderConfig.ws(), anomalies);
        } else {
            releaseUpgrade();
        }
        if ("h2c".equals(switchedProtocol)) {
            // RFC 9113 §3.2 / RFC 7540 §3.2: the upgrade request becomes stream 1; its answer comes as HTTP/2.
            startHttp2(exchange, "h2c", 0);
        }
        tunnelExchangeId = exchange.id();
        protocol = switch (switchedProtocol) {
            case "websocket" -> "websocket";
            case "h2c" -> "h2c";
            case "connect" -> "tunnel";
            default -> "upgraded:" + switchedProtocol;
        };
    }

    @Override
    public void tunnelData(Direction direction, ByteBuffer bytes, long timestampNanos) {
        tunnel[direction.ordinal()] += bytes.remaining();
        if (websocket != null) {
            websocket.data(direction, bytes, 0, timestampNanos);
            return;
        }
        if (http2 != null) {
            http2.data(direction, bytes, 0, timestampNanos);
            return;
        }
        if (!"connect".equals(upgradedTo)) {
            return;
        }
        if (!innerDecided && direction == Direction.CLIENT_TO_SERVER) {
            // The client speaks first in a tunnel; empty lines before a request are allowed (RFC 9112 §2.2).
            ByteBuffer rest = bytes.duplicate();
            while (rest.hasRemaining() && (rest.get(rest.position()) == '\r' || rest.get(rest.position()) == '\n')) {
                rest.get();
            }
            if (!rest.hasRemaining()) {
                return;
            }
            innerDecided = true;
            if (Http1Detect.isHttp2Preface(rest)) {
                protocol = "tunnel:http2";
                startHttp2(null, "http2", tunnelExchangeId);
                http2.data(direction, rest, 0, timestampNanos);
            } else if (rest.remaining() >= 3 && rest.get(rest.position()) == 0x16 && rest.get(rest.position() + 1) == 0x03) {
                protocol = "tunnel:tls"; // a TLS handshake record (RFC 8446 §5.1): the usual CONNECT payload
                tls = new TlsPeek();
                tls.feed(direction, rest);
            } else if (Http1Detect.looksLikeRequest(rest)) {
                inner = new TunnelAnalyzer();
                protocol = "tunnel:http/1.1";
                inner.http.data(direction, rest, timestampNanos);
            }
            return;
        }
        if (inner != null) {
            inner.http.data(direction, bytes, timestampNanos);
        }
        peekTls(direction, bytes);
    }

    /** Feeds the TLS hello reader, if this connection started with TLS (a bounded copy; see TlsPeek). */
    private void peekTls(Direction direction, ByteBuffer bytes) {
        if (tls != null) {
            tls.feed(direction, bytes);
        }
    }

    @Override
    public void tunnelGap(Direction direction, long length, long timestampNanos) {
        if (http2 != null) {
            http2.gap(direction, 0, length, timestampNanos);
            return;
        }
        if (websocket != null) {
            websocket.gap(direction, 0, length, timestampNanos);
            return;
        }
        if (inner != null) {
            inner.http.gap(direction, length, timestampNanos);
        }
    }

    /** HTTP/1 in cleartext inside a CONNECT tunnel: its exchanges are reported with the tunnel's id. */
    private final class TunnelAnalyzer implements Http1Listener {
        final Http1Connection http = new Http1Connection(connection.id(), config, exchangeIds, this, anomalies);

        @Override
        public void exchange(HttpExchange exchange) {
            exchanges++;
            out.exchange(exchange, new ExchangeContext(connection.client(), connection.server(), "http/1.1",
                    tunnelExchangeId, null));
        }

        void end(long timestampNanos) {
            http.end(timestampNanos);
        }
    }
}
