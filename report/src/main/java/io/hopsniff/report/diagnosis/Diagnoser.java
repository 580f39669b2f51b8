package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.Protocol;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.report.Redactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Fed the same calls as the report collector, keeps only what the rules need, in bounded memory: upgrade-related,
 * CONNECT, {@code PRI *}, 101 and unanswered exchanges in full (up to {@link DiagnosisSettings#maxExchanges()}),
 * the connection records that matter (refused or unanswered SYNs, HTTP/2 prefaces, WebSockets, connections with
 * an unanswered request), counters for the rest. {@link #diagnoses()} runs every rule over the frozen facts.
 */
public final class Diagnoser implements AnalysisListener {

    private static final int MAX_ANOMALY_IDS = 512;
    /** Server endpoints counted apart (for leg-aware counts); the rest share the "" entry. */
    private static final int MAX_SERVERS = 1024;

    private final DiagnosisSettings settings;
    private final Evidence evidence;
    private final List<ExchangeFact> exchanges = new ArrayList<>();
    private final List<ConnectionRecord> connections = new ArrayList<>();
    /** Connections whose record a kept exchange needs (bounded like the records). */
    private final Set<Long> wanted = new HashSet<>();
    private final SortedMap<String, Long> anomalies = new TreeMap<>();
    /** By server endpoint (kept as the record: no string built per exchange); "" in the facts for the rest. */
    private final Map<io.hopsniff.decoder.tcp.Endpoint, long[]> perServer = new HashMap<>();
    private final long[] otherServers = new long[2];
    private final PlainHosts plainHosts = new PlainHosts();
    private final UpgradeTokens upgradeTokens = new UpgradeTokens();
    /** RST_STREAM details by the transaction whose stream they ended (H2_STREAM_RESET), up to MAX_STREAM_RESETS. */
    private final Map<Long, String> streamResets = new HashMap<>();
    private static final int MAX_STREAM_RESETS = 1024;
    private long exchangesDropped;
    private long httpExchanges;
    private long upgradeAttempts;
    private long connectionsSeen;
    private List<Diagnosis> result;
    private LegFacts resultLegs;

    public Diagnoser(DiagnosisSettings settings, Redactor redactor) {
        this.settings = settings;
        this.evidence = new Evidence(redactor);
    }

    @Override
    public void exchange(HttpExchange exchange, ExchangeContext context) {
        result = null;
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        if (request == null) {
            return; // a response without its request says nothing about a handshake
        }
        httpExchanges++;
        boolean attempt = Handshakes.isUpgradeAttempt(request);
        long[] counts = counts(context.server());
        counts[0]++;
        if (attempt) {
            upgradeAttempts++;
            counts[1]++;
        }
        if (!attempt && UpgradeTokens.marked(request)) {
            upgradeTokens.add(context.server(), exchange, evidence);
        } else if (!attempt && UpgradeTokens.refusedAsUpgrade(exchange)) {
            upgradeTokens.addUnmarked(context.server(), exchange, evidence);
        }
        if (!attempt && response != null && response.status() != 101) {
            plainHosts.add(context.server(), exchange);
            return;
        }
        if (exchanges.size() >= settings.maxExchanges()) {
            exchangesDropped++;
            return;
        }
        exchanges.add(ExchangeFact.of(exchange, context));
        if (wanted.size() < settings.maxConnections()) {
            wanted.add(exchange.connectionId());
        }
    }

    @Override
    public void connection(ConnectionRecord c) {
        result = null;
        connectionsSeen++;
        if ((c.protocol() == Protocol.HTTP2 || c.protocol() == Protocol.TUNNEL_HTTP2) && !c.spokeHttp2()) {
            // a preface the server never answered in HTTP/2 is an attempt that failed; one it took is the leg's
            // protocol, over which a WebSocket is an extended CONNECT (RFC 8441), counted as the exchange it is
            upgradeAttempts++;
            counts(c.server())[1]++;
        }
        boolean keep = wanted.remove(c.id()) || BackendUnreachableRule.unanswered(c)
                || c.protocol() == Protocol.HTTP2 || c.protocol() == Protocol.HTTP2_REFUSED || c.protocol() == Protocol.WEBSOCKET
                || c.protocol() == Protocol.H2C || c.protocol() == Protocol.TUNNEL_HTTP2; // their SETTINGS, for RFC 8441
        if (keep && connections.size() < settings.maxConnections()) {
            connections.add(c);
        }
    }

    @Override
    public void anomaly(Anomaly a) {
        result = null; // the facts carry the anomaly counts: a result cached by an interim report must not outlive one
        if (a.type() == io.hopsniff.decoder.anomaly.AnomalyType.H2_STREAM_RESET && a.transactionId() != 0
                && a.detail() != null && streamResets.size() < MAX_STREAM_RESETS) {
            streamResets.putIfAbsent(a.transactionId(), a.detail());
        }
        String id = a.type().name();
        if (anomalies.containsKey(id) || anomalies.size() < MAX_ANOMALY_IDS) {
            anomalies.merge(id, 1L, Long::sum);
        }
    }

    private long[] counts(io.hopsniff.decoder.tcp.Endpoint server) {
        long[] c = PerServer.tally(perServer, server, MAX_SERVERS, () -> new long[2]);
        return c != null ? c : otherServers;
    }

    /** What the rules read, as of now, without legs. */
    public Facts facts() {
        return facts(LegFacts.none());
    }

    public Facts facts(LegFacts legs) {
        Map<String, long[]> copy = new HashMap<>();
        perServer.forEach((k, v) -> copy.put(k.toString(), v.clone()));
        if (otherServers[0] > 0 || otherServers[1] > 0) {
            copy.put("", otherServers.clone());
        }
        return new Facts(exchanges, exchangesDropped, httpExchanges, upgradeAttempts, connections, connectionsSeen,
                new TreeMap<>(anomalies), settings.routes(), copy, legs, plainHosts.snapshot(), streamResets,
                upgradeTokens.snapshot());
    }

    /** Every diagnosis without legs (every exchange judged as a backend exchange), most severe first. */
    public List<Diagnosis> diagnoses() {
        return diagnoses(LegFacts.none());
    }

    /** Every diagnosis, most severe first, then in catalogue order. Computed once per state and legs. */
    public List<Diagnosis> diagnoses(LegFacts legs) {
        if (result == null || resultLegs != legs) {
            result = run(facts(legs), evidence);
            resultLegs = legs;
        }
        return result;
    }

    /** Runs every rule: a pure function of the facts. */
    public static List<Diagnosis> run(Facts facts, Evidence evidence) {
        List<Diagnosis> out = new ArrayList<>();
        for (Map.Entry<DiagnosisId, Rule> e : Rules.all().entrySet()) {
            Optional<Diagnosis> d = e.getValue().apply(facts, evidence);
            d.ifPresent(x -> out.add(Stories.attach(x, facts, evidence)));
        }
        out.sort(Comparator.comparing(Diagnosis::severityLevel)
                .thenComparing(d -> DiagnosisId.valueOf(d.id())));
        return List.copyOf(out);
    }
}
