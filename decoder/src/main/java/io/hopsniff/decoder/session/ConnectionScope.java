package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.h2.Http2Decoder;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http1.Http1Connection;
import io.hopsniff.decoder.http1.Http1Listener;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.TcpConnection;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What every layer of one connection shares: the connection, the configuration, the exchange ids, where
 * exchanges and anomalies go, and the byte tallies the connection's record reports.
 */
final class ConnectionScope {

    final TcpConnection connection;
    final DecoderConfig config;
    final LongSupplier exchangeIds;
    final AnomalySink anomalies;
    /** What the run's connections share and spend (one reference a connection). */
    final RunBounds bounds;
    private final AnalysisListener out;
    private int exchanges;
    // Four fields, not two arrays: every connection has them, and two arrays cost 64 bytes more.
    private long nonHttpClient;
    private long nonHttpServer;
    private long tunnelClient;
    private long tunnelServer;

    ConnectionScope(TcpConnection connection, DecoderConfig config, LongSupplier exchangeIds, AnalysisListener out,
                    AnomalySink anomalies, RunBounds bounds) {
        this.bounds = bounds;
        this.connection = connection;
        this.config = config;
        this.exchangeIds = exchangeIds;
        this.out = out;
        this.anomalies = anomalies;
    }

    /** Reports an exchange of this connection. */
    void emit(HttpExchange e, ExchangeContext context) {
        exchanges++;
        out.exchange(e, context);
    }

    /** Reports the connection, once, when it ends. */
    void report(ConnectionRecord record) {
        out.connection(record);
    }

    /** The context of an exchange carried by {@code protocol}, in the tunnel of exchange {@code tunnelOf} (or 0). */
    ExchangeContext context(Protocol carriedBy, long tunnelOf, WebSocketSession websocket,
                            List<ExchangeContext.Message> messages) {
        return new ExchangeContext(connection.client(), connection.server(), carriedBy, tunnelOf, websocket, messages);
    }

    /**
     * HTTP/1 in the cleartext tunnel of exchange {@code tunnelOf}: its exchanges are reported with the tunnel's
     * id; a switch inside the tunnel is not followed.
     */
    Http1Connection tunnelledHttp1(long tunnelOf) {
        return new Http1Connection(connection.id(), config.http(), exchangeIds,
                e -> emit(e, context(Protocol.HTTP1, tunnelOf, null, List.of())), anomalies, bounds.kept(),
                bounds.waitingRequests());
    }

    /**
     * HTTP/2 whose streams are reported as carried by {@code carriedBy} in the tunnel {@code tunnelOf} (or 0);
     * {@code upgrade} is the h2c exchange that becomes stream 1, or null.
     */
    Http2Decoder http2(HttpExchange upgrade, Protocol carriedBy, long tunnelOf) {
        return new Http2Decoder(connection.id(), upgrade, config.http2(), exchangeIds,
                (e, ws) -> emit(e, context(carriedBy, tunnelOf, ws == null ? null : ws.session(),
                        ExchangeContext.keptMessages(ws, config.ws()))),
                anomalies, bounds.kept(), bounds.hpackTables(), bounds.openStreams(), config.ws(), bounds.inflate());
    }

    /** Reports an anomaly of this connection (no transaction). */
    void anomaly(io.hopsniff.decoder.anomaly.AnomalyType type, long timestampNanos, String detail) {
        anomalies.report(new io.hopsniff.decoder.anomaly.Anomaly(type, timestampNanos, connection.id(), 0, detail));
    }

    void countNonHttp(Direction d, long n) {
        if (d == Direction.CLIENT_TO_SERVER) {
            nonHttpClient += n;
        } else {
            nonHttpServer += n;
        }
    }

    void countTunnel(Direction d, long n) {
        if (d == Direction.CLIENT_TO_SERVER) {
            tunnelClient += n;
        } else {
            tunnelServer += n;
        }
    }

    int exchanges() {
        return exchanges;
    }

    long nonHttp(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? nonHttpClient : nonHttpServer;
    }

    long tunnel(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? tunnelClient : tunnelServer;
    }
}
