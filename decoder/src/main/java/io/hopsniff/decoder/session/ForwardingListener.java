package io.hopsniff.decoder.session;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;

/**
 * A listener in a chain (a live printer before the report, a fault injector in a test): passes everything on
 * to the next one; subclasses override what they look at, calling {@code super} to pass it on.
 */
public abstract class ForwardingListener implements AnalysisListener {

    private final AnalysisListener next;

    protected ForwardingListener(AnalysisListener next) {
        this.next = next;
    }

    @Override
    public void exchange(HttpExchange exchange, ExchangeContext context) {
        next.exchange(exchange, context);
    }

    @Override
    public void connection(ConnectionRecord connection) {
        next.connection(connection);
    }

    @Override
    public void anomaly(Anomaly anomaly) {
        next.anomaly(anomaly);
    }
}
