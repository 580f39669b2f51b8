package io.hopsniff.decoder.session;

import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.ws.WebSocketDecoder;
import io.hopsniff.decoder.ws.WebSocketSession;

/**
 * WebSocket frames on a connection whose opening handshake was not captured: found from unambiguous frames on
 * both sides of a connection seen mid-stream, or asked for with {@code --decode-as PORT=websocket}. Without the
 * handshake nothing says whether permessage-deflate was agreed, so compressed messages are counted, not inflated;
 * the session is reported on the connection ({@code connections[].websocket}).
 */
final class HandshakelessWebSocket extends StackedLayer {

    private final WebSocketDecoder decoder;

    HandshakelessWebSocket(ConnectionScope scope) {
        this.decoder = new WebSocketDecoder(scope.connection.id(), null, scope.config.ws(), scope.anomalies,
                scope.bounds.kept(), scope.bounds.inflate());
        this.inner = decoder;
    }

    @Override
    public Protocol protocol() {
        return Protocol.WEBSOCKET;
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        decoder.end(reason, timestampNanos);
    }

    /** After {@link #end}: what the session carried. */
    WebSocketSession session() {
        return decoder.session();
    }
}
