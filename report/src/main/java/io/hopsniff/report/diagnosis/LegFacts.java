package io.hopsniff.report.diagnosis;

import io.hopsniff.report.correlation.Leg;
import io.hopsniff.report.correlation.LegExchange;
import io.hopsniff.report.correlation.LegMap;
import io.hopsniff.report.correlation.Matcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rules know about the proxy's legs: which leg each server is on (declared or inferred), each backend
 * exchange's front pair, the front exchanges the proxy never forwarded, and whether the backend leg was captured
 * at all. {@link #none()} when there are no legs: every exchange is then judged as a backend exchange.
 */
public final class LegFacts {

    private static final LegFacts NONE = new LegFacts(LegMap.none(), null, false, 0);

    private final LegMap map;
    private final Map<Long, Matcher.Match> byBackend = new HashMap<>();
    private final List<LegExchange> frontOnly;
    private final boolean backendSeen;
    private final long frontExchanges;

    /**
     * @param matched        correlation's pairs (null when there are no legs)
     * @param backendSeen    whether any connection of the capture is on the backend leg
     * @param frontExchanges exchanges with a request on the front leg
     */
    public LegFacts(LegMap map, Matcher.Result matched, boolean backendSeen, long frontExchanges) {
        this.map = map;
        this.backendSeen = backendSeen;
        this.frontExchanges = frontExchanges;
        if (matched != null) {
            for (Matcher.Match m : matched.matches()) {
                if (m.front() != null) {
                    byBackend.put(m.backend().id(), m);
                }
            }
            frontOnly = List.copyOf(matched.frontOnly());
        } else {
            frontOnly = List.of();
        }
    }

    public static LegFacts none() {
        return NONE;
    }

    public boolean enabled() {
        return map.enabled();
    }

    public LegMap map() {
        return map;
    }

    /** The leg of a server endpoint as the report writes it, or null (no legs, or on none). */
    public Leg of(String server) {
        return map.of(server);
    }

    /** The front exchange that caused this backend exchange, or null. */
    public Matcher.Match pair(long backendTransaction) {
        return byBackend.get(backendTransaction);
    }

    /** The client's request on the front leg that this backend exchange forwarded, or null (no legs, no pair). */
    public LegExchange front(long backendTransaction) {
        Matcher.Match m = byBackend.get(backendTransaction);
        return m == null ? null : m.front();
    }

    /** Front exchanges the proxy answered without forwarding (only meaningful when {@link #backendSeen()}). */
    public List<LegExchange> frontOnly() {
        return frontOnly;
    }

    public boolean backendSeen() {
        return backendSeen;
    }

    public long frontExchanges() {
        return frontExchanges;
    }
}
