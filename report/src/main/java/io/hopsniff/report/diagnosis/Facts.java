package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.report.correlation.Leg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The compact, correlated timeline the rules read: what {@link Diagnoser} kept, frozen, with the legs. Rules are
 * pure functions of this record (and of the redactor used to quote evidence).
 *
 * <p>Backend verdicts are given from {@link #judged()} exchanges only: those on the backend leg, or every
 * exchange when there are no legs. A front exchange is explained through its backend pair (a {@link Story}), or,
 * when the proxy answered it itself, by the rules that read {@link LegFacts#frontOnly()}.
 *
 * @param exchanges        kept exchanges (see {@link ExchangeFact}), in completion order, on every leg
 * @param exchangesDropped exchanges that qualified but were not kept because the limit was reached
 * @param httpExchanges    every exchange with a request, kept or not
 * @param upgradeAttempts  exchanges with an Upgrade or Sec-WebSocket-* header, a CONNECT or a {@code PRI *},
 *                         kept or not
 * @param connections      kept connection records: refused or unanswered SYNs, HTTP/2 prefaces, WebSockets and
 *                         connections that left a request unanswered
 * @param connectionsSeen  every connection record received
 * @param anomalies        anomaly counts by id
 * @param routes           the WebSocket route templates given with {@code --route}
 * @param perServer        [exchanges with a request, upgrade attempts] by server endpoint ("" for the rest)
 * @param legs             the legs and the pairs across them
 * @param plainHosts       by server address: the Hosts plain requests named and how they were answered
 * @param streamResets     by transaction id: the detail of the RST_STREAM that ended its HTTP/2 stream
 *                         ({@code stream=3, sender=s2c, code=REFUSED_STREAM}), bounded
 * @param upgradeTokens    by server address: plain requests marked Connection: upgrade, and how many were refused
 */
public record Facts(List<ExchangeFact> exchanges, long exchangesDropped, long httpExchanges, long upgradeAttempts,
                    List<ConnectionRecord> connections, long connectionsSeen, SortedMap<String, Long> anomalies,
                    List<RouteTemplate> routes, Map<String, long[]> perServer, LegFacts legs,
                    Map<String, PlainHosts.Tally> plainHosts, Map<Long, String> streamResets,
                    Map<String, UpgradeTokens.Tally> upgradeTokens) {

    public Facts {
        exchanges = List.copyOf(exchanges);
        connections = List.copyOf(connections);
        routes = List.copyOf(routes);
        perServer = Map.copyOf(perServer);
        plainHosts = Map.copyOf(plainHosts);
        streamResets = Map.copyOf(streamResets);
        upgradeTokens = Map.copyOf(upgradeTokens);
    }

    public ConnectionRecord connection(long id) {
        for (ConnectionRecord c : connections) {
            if (c.id() == id) {
                return c;
            }
        }
        return null;
    }

    /** The kept exchange with this transaction id, or null. */
    public ExchangeFact exchange(long id) {
        for (ExchangeFact x : exchanges) {
            if (x.id() == id) {
                return x;
            }
        }
        return null;
    }

    /** The leg an exchange was on, or null when there are no legs (or its server is on none). */
    public Leg leg(ExchangeFact x) {
        return legs.of(x.server());
    }

    /** Exchanges backend verdicts are given from: not on the front leg. */
    public List<ExchangeFact> judged() {
        List<ExchangeFact> out = new ArrayList<>(exchanges.size());
        for (ExchangeFact x : exchanges) {
            if (leg(x) != Leg.FRONT) {
                out.add(x);
            }
        }
        return out;
    }

    /** Connection records backend verdicts are given from: not on the front leg. */
    public List<ConnectionRecord> judgedConnections() {
        List<ConnectionRecord> out = new ArrayList<>(connections.size());
        for (ConnectionRecord c : connections) {
            if (legs.of(c.server().toString()) != Leg.FRONT) {
                out.add(c);
            }
        }
        return out;
    }

    /** Exchanges with a request, and upgrade attempts, not on the front leg: [http, upgrades]. */
    public long[] judgedCounts() {
        if (!legs.enabled()) {
            return new long[] {httpExchanges, upgradeAttempts};
        }
        long[] out = new long[2];
        for (Map.Entry<String, long[]> e : perServer.entrySet()) {
            if (e.getKey().isEmpty() || legs.of(e.getKey()) != Leg.FRONT) {
                out[0] += e.getValue()[0];
                out[1] += e.getValue()[1];
            }
        }
        return out;
    }
}
