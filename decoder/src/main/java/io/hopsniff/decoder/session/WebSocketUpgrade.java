package io.hopsniff.decoder.session;

import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.ws.WebSocketDecoder;

/**
 * RFC 6455 frames after a 101 to {@code websocket}. The 101 is reported when the connection ends, with the
 * session that followed it and the message prefixes kept with {@code --ws-payload-bytes}.
 */
final class WebSocketUpgrade extends StackedLayer {

    private final ConnectionScope scope;
    private final Switch what;
    private final WebSocketDecoder decoder;

    WebSocketUpgrade(ConnectionScope scope, Switch what) {
        this.scope = scope;
        this.what = what;
        this.decoder = new WebSocketDecoder(scope.connection.id(), what.exchange(), scope.config.ws(), scope.anomalies,
                scope.bounds.kept(), scope.bounds.inflate());
        this.inner = decoder;
    }

    @Override
    public Protocol protocol() {
        return Protocol.WEBSOCKET;
    }

    @Override
    public boolean reportsSwitch() {
        return what.held();
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        decoder.end(reason, timestampNanos);
        if (!what.held()) {
            return; // the 101 was reported before the switch was known
        }
        scope.emit(what.exchange(), scope.context(Protocol.HTTP1, 0, decoder.session(),
                ExchangeContext.keptMessages(decoder, scope.config.ws())));
    }
}
