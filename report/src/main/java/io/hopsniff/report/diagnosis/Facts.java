package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import java.util.List;
import java.util.SortedMap;

/**
 * The compact, correlated timeline the rules read: what {@link Diagnoser} kept, frozen. Rules are pure functions
 * of this record (and of the redactor used to quote evidence).
 *
 * @param exchanges        kept exchanges (see {@link ExchangeFact}), in completion order
 * @param exchangesDropped exchanges that qualified but were not kept because the limit was reached
 * @param httpExchanges    every exchange with a request, kept or not
 * @param upgradeAttempts  exchanges with an Upgrade or Sec-WebSocket-* header, a CONNECT or a {@code PRI *},
 *                         kept or not
 * @param connections      kept connection records: refused or unanswered SYNs, HTTP/2 prefaces, WebSockets and
 *                         connections that left a request unanswered
 * @param connectionsSeen  every connection record received
 * @param anomalies        anomaly counts by id
 * @param routes           the WebSocket route templates given with {@code --route}
 */
public record Facts(List<ExchangeFact> exchanges, long exchangesDropped, long httpExchanges, long upgradeAttempts,
                    List<ConnectionRecord> connections, long connectionsSeen, SortedMap<String, Long> anomalies,
                    List<RouteTemplate> routes) {

    public Facts {
        exchanges = List.copyOf(exchanges);
        connections = List.copyOf(connections);
        routes = List.copyOf(routes);
    }

    public ConnectionRecord connection(long id) {
        for (ConnectionRecord c : connections) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }
}
