package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.http1.Http1Connection;
import io.hopsniff.decoder.http1.Http1Detect;
import io.hopsniff.decoder.http1.Http1Listener;
import io.hopsniff.decoder.http1.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import io.hopsniff.decoder.tcp.TcpConnection;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * The application layer of one connection: decides from the first bytes what it carries, checks the roles the
 * TCP layer guessed, runs the HTTP/1 parser, and counts what follows a protocol switch.
 */
final class ConnectionAnalyzer implements StreamConsumer, Http1Listener {

    private enum State { DETECT, HTTP1, OPAQUE }

    private final TcpConnection connection;
    private final Http1Connection http;
    private final AnalysisListener out;
    private State state = State.DETECT;
    private String protocol = "none";
    private String upgradedTo;
    private int exchanges;
    private final long[] nonHttp = new long[2];
    private final long[] tunnel = new long[2];

    ConnectionAnalyzer(TcpConnection connection, Http1Config config, LongSupplier exchangeIds,
                       AnalysisListener out, AnomalySink anomalies) {
        this.connection = connection;
        this.out = out;
        this.http = new Http1Connection(connection.id(), config, exchangeIds, this, anomalies);
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (state == State.DETECT) {
            direction = detect(direction, bytes, timestampNanos);
        }
        switch (state) {
            case HTTP1 -> http.data(direction, bytes, timestampNanos);
            case OPAQUE, DETECT -> nonHttp[direction.ordinal()] += bytes.remaining();
        }
    }

    /**
     * The first bytes decide: a request line from the guessed server, or a status line from the guessed client,
     * means the TCP layer guessed the roles wrong (a capture that starts mid-stream).
     */
    private Direction detect(Direction direction, ByteBuffer bytes, long timestampNanos) {
        boolean request = Http1Detect.looksLikeRequest(bytes);
        boolean response = Http1Detect.looksLikeResponse(bytes);
        if (direction == Direction.CLIENT_TO_SERVER && response && !request
                || direction == Direction.SERVER_TO_CLIENT && request && !response && !connection.rolesFromSyn()) {
            connection.swapRoles();
            direction = direction.reverse();
        }
        if (Http1Detect.isHttp2Preface(bytes) && direction == Direction.CLIENT_TO_SERVER) {
            // Prior-knowledge HTTP/2 (RFC 9113 §3.3): the HTTP/1 parser shows the server's answer if it is HTTP/1.
            protocol = "http2";
            state = State.HTTP1;
        } else if (request || response) {
            protocol = "http/1.1";
            state = State.HTTP1;
            if (!connection.sawSyn()) {
                // Without the handshake the first bytes may be the middle of a message: resync on both sides.
                http.startMidStream(timestampNanos);
            }
        } else {
            protocol = "unknown";
            state = State.OPAQUE;
        }
        return direction;
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        if (state == State.HTTP1) {
            http.gap(direction, length, timestampNanos);
        }
    }

    @Override
    public void fin(Direction direction, long timestampNanos) {
        if (state == State.HTTP1) {
            http.fin(direction, timestampNanos);
        }
    }

    @Override
    public void rst(Direction direction, long timestampNanos) {
        // The end() that follows flushes the parser; nothing more to do here.
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        if (state == State.HTTP1) {
            http.end(timestampNanos);
        }
        out.connection(new ConnectionRecord(connection.id(), connection.client(), connection.server(),
                connection.firstNanos(), connection.lastNanos(), reason, connection.sawSyn(),
                connection.rolesFromSyn(), connection.history(), protocol, upgradedTo, exchanges,
                connection.stats(Direction.CLIENT_TO_SERVER), connection.stats(Direction.SERVER_TO_CLIENT),
                new ByteCounts(nonHttp[0] + http.nonHttpBytes(Direction.CLIENT_TO_SERVER),
                        nonHttp[1] + http.nonHttpBytes(Direction.SERVER_TO_CLIENT)),
                new ByteCounts(tunnel[0], tunnel[1])));
    }

    @Override
    public void exchange(HttpExchange exchange) {
        exchanges++;
        out.exchange(exchange, connection.client(), connection.server());
    }

    @Override
    public void switched(HttpExchange exchange, String switchedProtocol) {
        upgradedTo = switchedProtocol;
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
    }
}
