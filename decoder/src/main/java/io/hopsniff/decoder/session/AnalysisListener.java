package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http1.HttpExchange;
import io.hopsniff.decoder.tcp.Endpoint;

/**
 * What the decoder hands to the reporter, as things complete, on the analysis thread.
 * Exchanges of a connection arrive before the connection's record.
 */
public interface AnalysisListener {

    /** A completed exchange, with the endpoints of its connection as the roles stand now. */
    void exchange(HttpExchange exchange, Endpoint client, Endpoint server);

    /**
     * An exchange carried in cleartext inside the CONNECT tunnel that exchange {@code tunnelExchangeId} opened.
     * By default reported like any other exchange.
     */
    default void tunnelExchange(HttpExchange exchange, Endpoint client, Endpoint server, long tunnelExchangeId) {
        exchange(exchange, client, server);
    }

    void connection(ConnectionRecord connection);

    void anomaly(Anomaly anomaly);
}
