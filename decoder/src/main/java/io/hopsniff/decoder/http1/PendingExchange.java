package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.HttpExchange;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import java.util.ArrayList;
import java.util.List;

/** A request waiting for its final response (or a response that found no request), in connection order. */
final class PendingExchange {

    final MessageBuilder request;
    boolean requestDone;
    final List<MessageBuilder> interim = new ArrayList<>(0);
    MessageBuilder response;
    boolean responseDone;
    /** The final response head was seen: a held Upgrade/CONNECT request knows whether the connection switches. */
    boolean decided;
    /** What the connection switched to with this exchange (see {@link HttpExchange#switchedTo()}), or null. */
    String switchedTo;
    boolean emitted;
    HttpExchange exchange;
    List<Anomaly> anomalies;

    PendingExchange(MessageBuilder request) {
        this.request = request;
        this.requestDone = request == null;
    }

    void anomaly(AnomalyType type, long ts, String detail) {
        if (anomalies == null) {
            anomalies = new ArrayList<>(1);
        }
        anomalies.add(new Anomaly(type, ts, 0, 0, detail));
    }

    String method() {
        return request == null ? null : request.method;
    }
}
