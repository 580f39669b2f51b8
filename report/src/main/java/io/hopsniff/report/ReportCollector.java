package io.hopsniff.report;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.report.correlation.CorrelationJson;
import io.hopsniff.report.correlation.Correlations;
import io.hopsniff.report.correlation.Correlator;
import io.hopsniff.report.correlation.Leg;
import io.hopsniff.report.correlation.LegMap;
import io.hopsniff.report.correlation.Legs;
import io.hopsniff.report.correlation.LegsJson;
import io.hopsniff.report.diagnosis.LegFacts;
import io.hopsniff.report.diagnosis.Diagnoser;
import io.hopsniff.report.diagnosis.Diagnosis;
import io.hopsniff.report.diagnosis.DiagnosisSettings;
import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.ConnectionJson;
import io.hopsniff.report.json.SummaryJson;
import io.hopsniff.report.json.TransactionJson;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Receives what the decoder finds and keeps the report's state in bounded memory: counters, a bounded list of
 * anomalies and terminal-table lines, and spools for the exchanges and connections.
 */
public final class ReportCollector implements AnalysisListener, AutoCloseable {

    /** Anomaly ids that mean a limit was hit (their category is {@code limit}); the summary counts them apart. */
    static final Set<AnomalyType> LIMIT_TYPES = java.util.Arrays.stream(AnomalyType.values())
            .filter(AnomalyType::isLimit).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final ReportOptions options;
    private final Redactor redactor;
    private final RecordJson records;
    private final Diagnoser diagnoser;
    final Spool transactions;
    final Spool connections;

    private long connectionsSkipped;
    private long transactionCount;
    private long requests;
    private long responses;
    private long interim;
    private long unanswered;
    private long connectTunnels;
    private final SortedMap<String, Long> methods = new TreeMap<>();
    private final SortedMap<String, Long> statusClasses = new TreeMap<>();
    private final SortedMap<String, Long> statuses = new TreeMap<>();
    private final SortedMap<String, Long> upgrades = new TreeMap<>();
    private final EnumMap<AnomalyType, Long> anomalyCounts = new EnumMap<>(AnomalyType.class);
    private final List<AnomalyJson> anomalies = new ArrayList<>();
    private final TransactionAnomalies anomaliesByTransaction = new TransactionAnomalies();
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;
    /** Front/backend legs declared with --front, and the facts kept to infer them and pair them. */
    private final Legs legs;
    private final Correlator correlator = new Correlator();
    private LegMap legMap;
    private Correlations.Result correlation;
    private LegFacts legFacts;
    private long correlationAt = -1;

    public ReportCollector(ReportOptions options) {
        this(options, DiagnosisSettings.DEFAULTS);
    }

    public ReportCollector(ReportOptions options, DiagnosisSettings diagnosis) {
        this(options, diagnosis, Legs.none());
    }

    /** With legs: connections whose server a --front spec names are the proxy's front leg, the rest the backend. */
    public ReportCollector(ReportOptions options, DiagnosisSettings diagnosis, Legs legs) {
        this.legs = legs;
        this.options = options;
        this.redactor = options.redactor();
        this.records = new RecordJson(redactor, options.bodyBytes(), legs);
        this.diagnoser = new Diagnoser(diagnosis, redactor);
        this.transactions = new Spool("transactions", () -> JsonMapper.get().writer(), new EarliestTransactions());
        this.connections = new Spool("connections", () -> JsonMapper.get().writer());
        SerializerWarmup.start();
    }

    public ReportOptions options() {
        return options;
    }

    @Override
    public void exchange(HttpExchange exchange, ExchangeContext context) {
        diagnoser.exchange(exchange, context);
        correlator.exchange(exchange, context, legs.of(context.server())); // null leg: may be inferred at the end
        record(exchange, context);
    }

    private void record(HttpExchange exchange, ExchangeContext context) {
        transactionCount++;
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        if (request != null) {
            requests++;
            methods.merge(request.method(), 1L, Long::sum);
            seen(request.firstByteNanos());
            seen(request.lastByteNanos());
            if (response == null) {
                unanswered++;
            }
        }
        interim += exchange.interim().size();
        String upgrade = TransactionMapper.upgrade(exchange);
        if (response != null) {
            responses++;
            statusClasses.merge(response.status() / 100 + "xx", 1L, Long::sum);
            statuses.merge(statusKey(response.status()), 1L, Long::sum); // 0 (invalid) is "000"
            seen(response.firstByteNanos());
            seen(response.lastByteNanos());
            // a 101, or a 2xx to an HTTP/2 extended CONNECT that opened a WebSocket (RFC 8441 §5): the same switch
            if (upgrade != null && (response.status() == 101 || "websocket".equals(upgrade))) {
                upgrades.merge(upgrade, 1L, Long::sum);
            }
            if ("connect".equals(upgrade)) {
                connectTunnels++;
            }
        }
        List<String> anomalyIds = anomaliesByTransaction.take(exchange.id());
        // Mapped and serialised on the spool's writer thread: every input is immutable. The decoder may keep
        // more body bytes than --body-bytes, for the diagnosis to quote refusal texts: the mapping cuts them.
        transactions.add((java.util.function.Supplier<TransactionJson>) () ->
                records.transaction(exchange, context, anomalyIds));
    }

    private void seen(long nanos) {
        if (nanos != 0) {
            firstNanos = Math.min(firstNanos, nanos);
            lastNanos = Math.max(lastNanos, nanos);
        }
    }

    @Override
    public void connection(ConnectionRecord c) {
        diagnoser.connection(c); // before the filter: refused connections carry no HTTP but are a diagnosis
        correlator.connection(c);
        if (options.servers().isEmpty() && !RecordJson.listed(c)) {
            connectionsSkipped++;
            return;
        }
        seen(c.firstNanos());
        seen(c.lastNanos());
        connections.add((java.util.function.Supplier<ConnectionJson>) () -> records.connection(c));
    }

    @Override
    public void anomaly(Anomaly a) {
        if (a.type() == AnomalyType.TCP_MEMORY_LIMIT) {
            correlator.tighten(); // the decoder halved its run-wide bounds; the exchanges kept for pairing follow
        }
        diagnoser.anomaly(a);
        anomalyCounts.merge(a.type(), 1L, Long::sum);
        anomaliesByTransaction.add(a);
        if (anomalies.size() < options.maxAnomalies()
                || a.connectionId() == 0 && listedPastTheCap.add(a.type())) {
            anomalies.add(records.anomaly(a));
        }
    }

    /**
     * Kinds of run-wide anomaly (no connection: a capture file's problem, a limit of the whole run) listed after the
     * list was full: the first of each kind is listed anyway, so a flood of per-connection anomalies cannot hide
     * that the heap filled up or the file was cut (at most one each, so the list stays bounded).
     */
    private final EnumSet<AnomalyType> listedPastTheCap = EnumSet.noneOf(AnomalyType.class);

    /** Brings the legs, their correlation and what the diagnosis reads of them up to date; pure, cached. */
    private void refreshLegs() {
        if (legMap != null && correlationAt == correlator.changes()) {
            return;
        }
        legMap = legs.enabled() ? LegMap.declared(legs)
                : correlator.inferLegs(redactor);
        boolean backendSeen = false;
        for (String server : correlator.servers().keySet()) {
            backendSeen |= legMap.of(server) == Leg.BACKEND;
        }
        long front = 0;
        for (var e : correlator.exchanges()) {
            Leg leg = legMap.of(e.server());
            front += leg == Leg.FRONT ? 1 : 0;
            backendSeen |= leg == Leg.BACKEND;
        }
        correlation = legMap.enabled() ? Correlations.run(correlator.facts(legMap), redactor, backendSeen) : null;
        legFacts = legMap.enabled() ? new LegFacts(legMap, correlation.matched(), backendSeen, front) : LegFacts.none();
        correlationAt = correlator.changes();
    }

    /** Correlation of the legs as of now (null when there are no legs, declared or inferred). */
    private Correlations.Result correlation() {
        refreshLegs();
        return correlation;
    }

    /** The legs as of now: declared (--front), inferred from the capture, or none. */
    public LegMap legMap() {
        refreshLegs();
        return legMap;
    }

    /** The report's {@code legs} section. */
    public LegsJson legsJson() {
        LegsJson legs = legMap().json(correlator.servers());
        return legs == null || legs.evidence() == null ? legs : new LegsJson(legs.decided(), legs.front(), legs.backend(),
                legs.evidence().stream().map(redactor::quoted).toList());
    }

    /**
     * The leg to write into a spooled transaction or connection line when the legs were inferred at the end
     * (declared legs are written as the line is made); null when the line needs nothing.
     */
    String lateLeg(String server) {
        LegMap m = legMap();
        if (m.decided() != LegMap.Decided.INFERRED) {
            return null;
        }
        Leg leg = m.of(server);
        return leg == null ? null : leg.reportName();
    }

    /** Each backend exchange with the front exchange that caused it; empty without legs. */
    public List<CorrelationJson> correlations() {
        Correlations.Result r = correlation();
        return r == null ? List.of() : r.pairs();
    }

    public Legs legs() {
        return legs;
    }

    /** Limits the TCP layer counts itself: hit more often than it reports them (once per connection). */
    private final EnumMap<AnomalyType, Long> tcpLimitHits = new EnumMap<>(AnomalyType.class);

    /**
     * How often the TCP layer hit its limits, from its own counters: {@code summary.limits_hit} counts every hit,
     * although the anomaly is reported once per connection.
     */
    public void tcpLimitHits(io.hopsniff.decoder.tcp.TrackerStats stats) {
        tcpLimitHits.put(AnomalyType.TCP_REASSEMBLY_LIMIT, stats.reassemblyLimitHits());
        tcpLimitHits.put(AnomalyType.TCP_COMPARE_LIMIT, stats.compareLimitHits());
        tcpLimitHits.put(AnomalyType.TCP_CONNECTION_LIMIT, stats.evicted());
    }

    public SummaryJson summary() {
        SortedMap<String, Long> byId = new TreeMap<>();
        SortedMap<String, Long> bySeverity = new TreeMap<>();
        SortedMap<String, Long> limits = new TreeMap<>();
        long total = 0;
        Correlations.Result correlated = correlation();
        EnumMap<AnomalyType, Long> counts = new EnumMap<>(anomalyCounts);
        if (correlated != null) {
            correlated.anomalies().forEach(a -> counts.merge(a.type(), 1L, Long::sum));
        }
        int listed = anomalies().size();
        for (Map.Entry<AnomalyType, Long> e : counts.entrySet()) {
            byId.put(e.getKey().name(), e.getValue());
            bySeverity.merge(e.getKey().severity().name().toLowerCase(java.util.Locale.ROOT), e.getValue(), Long::sum);
            if (LIMIT_TYPES.contains(e.getKey())) {
                limits.put(e.getKey().name(), Math.max(e.getValue(), tcpLimitHits.getOrDefault(e.getKey(), 0L)));
            }
            total += e.getValue();
        }
        return new SummaryJson(connections.count(), connectionsSkipped, transactionCount, requests, responses,
                interim, unanswered, new TreeMap<>(methods), new TreeMap<>(statusClasses), new TreeMap<>(statuses),
                new TreeMap<>(upgrades), connectTunnels, byId, bySeverity, limits, listed,
                total - listed, correlated == null ? null : correlated.summary());
    }

    /** The diagnoses of everything received so far, most severe first. */
    public List<Diagnosis> diagnoses() {
        refreshLegs();
        return diagnoser.diagnoses(legFacts).stream().map(d -> d.mapTexts(redactor::quoted)).toList();
    }

    /** The anomalies listed: the decoder's, then correlation's PROXY_ findings, at most maxAnomalies in all. */
    public List<AnomalyJson> anomalies() {
        Correlations.Result correlated = correlation();
        if (correlated == null || correlated.anomalies().isEmpty() || anomalies.size() >= options.maxAnomalies()) {
            return anomalies;
        }
        List<AnomalyJson> out = new ArrayList<>(anomalies);
        for (Anomaly a : correlated.anomalies()) {
            if (out.size() >= options.maxAnomalies()) {
                break;
            }
            out.add(records.anomaly(a));
        }
        return out;
    }


    /** First and last packet time seen in a reported exchange or connection, or 0 when none. */
    public long firstNanos() {
        return firstNanos == Long.MAX_VALUE ? 0 : firstNanos;
    }

    public long lastNanos() {
        return lastNanos == Long.MIN_VALUE ? 0 : lastNanos;
    }

    /** How this report maps the decoder's records: what a live stream beside it uses to say the same. */
    public RecordJson records() {
        return records;
    }

    public Redactor redactor() {
        return redactor;
    }

    @Override
    public void close() {
        transactions.close();
        connections.close();
    }

    /** The status as three digits ("%03d"), without String.format: it cost 3 % of a 1 GiB run on this line. */
    static String statusKey(int status) {
        if (status >= 100 && status <= 999) {
            return Integer.toString(status);
        }
        return String.format("%03d", status);
    }
}
