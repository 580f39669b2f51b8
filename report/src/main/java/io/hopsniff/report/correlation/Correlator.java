package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http1.HttpExchange;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps, during the run, what correlation needs in bounded memory: the request heads and times of up to
 * {@code maxPerLeg} exchanges per leg, and the TLS front connections (as many); the rest is counted.
 * {@link #facts()} freezes them for the pure {@link Correlations#run}.
 */
public final class Correlator {

    /** Exchanges kept per leg by default (a request head is well under 1 KiB: about 20 MiB per leg at most). */
    public static final int DEFAULT_MAX_PER_LEG = 20_000;

    private final int maxPerLeg;
    private final List<LegExchange> front = new ArrayList<>();
    private final List<LegExchange> backend = new ArrayList<>();
    private final List<LegConnection> tlsFronts = new ArrayList<>();
    private long frontCutoff = Long.MAX_VALUE;
    private long backendCutoff = Long.MAX_VALUE;
    private long notCorrelated;
    private long changes;

    public Correlator(int maxPerLeg) {
        this.maxPerLeg = maxPerLeg;
    }

    public Correlator() {
        this(DEFAULT_MAX_PER_LEG);
    }

    public void exchange(HttpExchange exchange, ExchangeContext context, Leg leg) {
        if (leg == null) {
            return;
        }
        LegExchange e = LegExchange.of(exchange, context.client(), leg);
        if (e == null) {
            return;
        }
        changes++;
        List<LegExchange> kept = leg == Leg.FRONT ? front : backend;
        if (kept.size() < maxPerLeg) {
            kept.add(e);
            return;
        }
        notCorrelated++;
        if (leg == Leg.FRONT) {
            frontCutoff = Math.min(frontCutoff, e.requestFirst());
        } else {
            backendCutoff = Math.min(backendCutoff, e.requestFirst());
        }
    }

    /** Keeps front connections that carried TLS (their requests cannot be read). */
    public void connection(ConnectionRecord c, Leg leg) {
        if (leg != Leg.FRONT || c.tls() == null || c.exchanges() > 0) {
            return;
        }
        changes++;
        if (tlsFronts.size() < maxPerLeg) {
            tlsFronts.add(new LegConnection(c.id(), c.client(), c.firstNanos(), c.lastNanos(), c.tls()));
        }
    }

    /** Grows with every call that changed the facts: a cheap "has anything changed" for cached results. */
    public long changes() {
        return changes;
    }

    public CorrelationFacts facts() {
        return new CorrelationFacts(front, backend, tlsFronts, frontCutoff, backendCutoff, notCorrelated);
    }
}
