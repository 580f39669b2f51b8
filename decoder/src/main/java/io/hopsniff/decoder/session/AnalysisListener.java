package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;

/**
 * What the decoder hands to the reporter, as things complete, on the analysis thread. An exchange's anomalies
 * arrive before it; the exchanges of a connection arrive before the connection's record. An exchange that
 * switched the connection to WebSocket arrives when the WebSocket ends, with its session in the context.
 */
public interface AnalysisListener {

    void exchange(HttpExchange exchange, ExchangeContext context);

    void connection(ConnectionRecord connection);

    void anomaly(Anomaly anomaly);
}
