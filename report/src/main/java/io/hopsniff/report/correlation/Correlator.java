package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.tcp.HeapPressure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps, during the run, what leg inference and correlation need in bounded memory: the request heads and times
 * of up to {@code maxExchanges} exchanges of every connection (their leg may only be decided at the end, see
 * {@link LegInference}), the TLS connections without readable HTTP, failed connection attempts, and the server
 * endpoints seen; the rest is counted. {@link #facts(LegMap)} freezes them for the pure {@link Correlations#run}.
 */
public final class Correlator {

    /** Exchanges kept by default (a request head is well under 1 KiB: about 40 MiB at most). */
    public static final int DEFAULT_MAX_EXCHANGES = 40_000;
    /**
     * Header text the kept exchanges may hold in all (packed names and values, request and response): about 0.5 KiB an
     * exchange on the benchmark, so the count bounds it first; exchanges with 60 KB heads would otherwise hold 2.4 GB
     * at the count bound. Past it, exchanges are counted, not correlated, as past the count.
     */
    static final long DEFAULT_MAX_HEADER_CHARS = 24L << 20;
    /** Server endpoints remembered (connections per endpoint, for the report's legs section). */
    static final int MAX_SERVERS = 256;

    private int maxExchanges;
    private long maxHeaderChars;
    private long headerChars;
    private final List<LegExchange> kept = new ArrayList<>();
    private final List<LegConnection> tls = new ArrayList<>();
    private final List<LegConnection> failed = new ArrayList<>();
    private final Map<io.hopsniff.decoder.tcp.Endpoint, Long> servers = new LinkedHashMap<>();
    private final ServerVariety variety = new ServerVariety();
    private long cutoff = Long.MAX_VALUE;
    private long notCorrelated;
    private long changes;

    public Correlator(int maxExchanges) {
        this(maxExchanges, DEFAULT_MAX_HEADER_CHARS);
    }

    Correlator(int maxExchanges, long maxHeaderChars) {
        this.maxExchanges = maxExchanges;
        this.maxHeaderChars = maxHeaderChars;
    }

    public Correlator() {
        this(DEFAULT_MAX_EXCHANGES);
    }

    /**
     * The heap is nearly full (the decoder's heap watch said TCP_MEMORY_LIMIT): from now on at most half as many
     * exchanges and header characters are kept, down to the floors (those kept stay kept): evicted connections
     * hand their exchanges here, and correlation must not take back what eviction freed.
     */
    public void tighten() {
        maxExchanges = (int) HeapPressure.halved(maxExchanges, HeapPressure.FLOOR_COUNT);
        maxHeaderChars = HeapPressure.halved(maxHeaderChars, HeapPressure.FLOOR_BYTES);
    }

    /** @param leg the declared leg, or null when legs are not declared (they may be inferred later) */
    public void exchange(HttpExchange exchange, ExchangeContext context, Leg leg) {
        LegExchange e = LegExchange.of(exchange, context.client(), context.server(), leg, context.websocket());
        if (e == null) {
            return;
        }
        changes++;
        long chars = PackedHeaders.chars(e.headers()) + PackedHeaders.chars(e.responseHeaders());
        if (kept.size() < maxExchanges && headerChars + chars <= maxHeaderChars) {
            kept.add(e);
            variety.add(e);
            headerChars += chars;
            return;
        }
        notCorrelated++;
        cutoff = Math.min(cutoff, e.requestFirst());
    }

    /** Keeps TLS connections without readable HTTP and failed connection attempts; counts servers. */
    public void connection(ConnectionRecord c) {
        changes++;
        io.hopsniff.decoder.tcp.Endpoint server = c.server();
        if (servers.containsKey(server) || servers.size() < MAX_SERVERS) {
            servers.merge(server, 1L, Long::sum);
        }
        if (c.tls() != null && c.exchanges() == 0) {
            if (tls.size() < maxExchanges) {
                tls.add(new LegConnection(c.id(), c.client(), c.firstNanos(), c.lastNanos(), c.tls(), c.server(),
                        c.history()));
            }
        } else if (LegConnection.failedAttempt(c.sawSyn(), c.history()) && failed.size() < maxExchanges) {
            failed.add(new LegConnection(c.id(), c.client(), c.firstNanos(), c.lastNanos(), null, c.server(),
                    c.history()));
        }
    }

    /** Grows with every call that changed the facts: a cheap "has anything changed" for cached results. */
    public long changes() {
        return changes;
    }

    /** Every kept exchange, in completion order, with the leg declared at the time (or null). */
    public List<LegExchange> exchanges() {
        return kept;
    }

    public List<LegConnection> failedAttempts() {
        return failed;
    }

    /** The legs {@link LegInference} finds in the kept exchanges and failed attempts, as of now. */
    public LegMap inferLegs(io.hopsniff.report.Redactor redactor) {
        return LegInference.infer(kept, failed, variety, redactor);
    }

    /** Connections per server endpoint (as the report writes it), in the order first seen (at most {@link #MAX_SERVERS}). */
    public Map<String, Long> servers() {
        Map<String, Long> out = new LinkedHashMap<>();
        servers.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    /** The kept facts with each exchange on the leg {@code legs} decides; exchanges on no leg are left out. */
    public CorrelationFacts facts(LegMap legs) {
        List<LegExchange> front = new ArrayList<>();
        List<LegExchange> backend = new ArrayList<>();
        for (LegExchange e : kept) {
            Leg leg = legs.of(e.server());
            if (leg == Leg.FRONT) {
                front.add(e.leg() == leg ? e : e.withLeg(leg));
            } else if (leg == Leg.BACKEND) {
                backend.add(e.leg() == leg ? e : e.withLeg(leg));
            }
        }
        List<LegConnection> tlsFronts = new ArrayList<>();
        for (LegConnection c : tls) {
            if (legs.of(c.server()) == Leg.FRONT) {
                tlsFronts.add(c);
            }
        }
        return new CorrelationFacts(front, backend, tlsFronts, cutoff, cutoff, notCorrelated);
    }
}
