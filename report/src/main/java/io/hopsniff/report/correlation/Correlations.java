package io.hopsniff.report.correlation;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.report.Redactor;
import io.hopsniff.report.correlation.CorrelationJson.LatencyJson;
import io.hopsniff.report.correlation.CorrelationJson.StatusJson;
import io.hopsniff.report.correlation.CorrelationJson.TargetJson;
import io.hopsniff.report.correlation.CorrelationJson.WebSocketPairJson;
import java.util.ArrayList;
import java.util.List;

/** Turns matches into the report's {@code correlations}, the PROXY_ anomalies and {@code summary.correlation}. Pure. */
public final class Correlations {

    private Correlations() {
    }

    /** Everything correlation adds to a report. */
    public record Result(List<CorrelationJson> pairs, List<Anomaly> anomalies, CorrelationSummaryJson summary,
                         Matcher.Result matched) {
    }

    /**
     * {@code backendSeen}: whether any connection of the capture is on the backend leg. Without one, whether a front
     * request reached the backend cannot be seen: no PROXY_NOT_FORWARDED, and {@code front_only} is null.
     */
    public static Result run(CorrelationFacts facts, Redactor redactor, boolean backendSeen) {
        Matcher.Result r = Matcher.match(facts);
        List<CorrelationJson> pairs = new ArrayList<>(r.matches().size());
        for (Matcher.Match m : r.matches()) {
            pairs.add(json(m, redactor));
        }
        List<Anomaly> anomalies = new ArrayList<>();
        for (LegExchange f : backendSeen ? r.frontOnly() : List.<LegExchange>of()) {
            anomalies.add(new Anomaly(AnomalyType.PROXY_NOT_FORWARDED, f.requestFirst(), f.connection(), f.id(),
                    "method=" + f.method() + ", target=" + redactor.target(f.target()) + ", front_status="
                            + (f.answered() ? Integer.toString(f.status()) : "none")
                            + (f.answered() ? " (answered by the proxy)" : "")));
        }
        for (LegExchange b : r.backendOnly()) {
            String xff = b.header("X-Forwarded-For");
            anomalies.add(new Anomaly(AnomalyType.PROXY_UNMATCHED_BACKEND_REQUEST, b.requestFirst(), b.connection(),
                    b.id(), "method=" + b.method() + ", target=" + redactor.target(b.target()) + ", status="
                            + (b.answered() ? Integer.toString(b.status()) : "none") + ", x_forwarded_for="
                            + (xff == null ? "none" : xff.trim())));
        }
        anomalies.sort(java.util.Comparator.comparingLong(Anomaly::timestampNanos));
        return new Result(pairs, anomalies, new CorrelationSummaryJson(pairs.size(),
                backendSeen ? Long.valueOf(r.frontOnly().size()) : null,
                r.backendOnly().size(), facts.notCorrelated()), r);
    }

    static CorrelationJson json(Matcher.Match m, Redactor redactor) {
        LegExchange b = m.backend();
        LegExchange f = m.front();
        if (f == null) {
            return new CorrelationJson(null, b.id(), m.tlsFront().id(), b.connection(), m.confidence(), m.reason(),
                    null, null, new StatusJson(null, b.answered() ? b.status() : null),
                    new LatencyJson(null, latency(b), null), websocket(b, null), null);
        }
        TargetJson target = f.target().equals(b.target()) ? null
                : new TargetJson(redactor.target(f.target()), redactor.target(b.target()));
        Double front = latency(f);
        Double backend = latency(b);
        Double overhead = front == null || backend == null ? null : round3(front - backend);
        return new CorrelationJson(f.id(), b.id(), f.connection(), b.connection(), m.confidence(), m.reason(),
                target, HeaderDiff.diff(f.headers(), b.headers(), redactor),
                new StatusJson(f.answered() ? f.status() : null, b.answered() ? b.status() : null),
                new LatencyJson(front, backend, overhead), websocket(b, f),
                f.answered() && b.answered() ? HeaderDiff.diff(b.responseHeaders(), f.responseHeaders(), redactor) : null);
    }

    /** For a WebSocket handshake (either side asked or answered 101), else null. */
    private static WebSocketPairJson websocket(LegExchange b, LegExchange f) {
        boolean asked = "websocket".equalsIgnoreCase(trim(b.header("Upgrade")))
                || f != null && "websocket".equalsIgnoreCase(trim(f.header("Upgrade")));
        if (!asked && b.status() != 101) {
            return null;
        }
        if (f == null) {
            return new WebSocketPairJson(b.status() == 101, null, null);
        }
        String frontKey = f.header("Sec-WebSocket-Key");
        String backendKey = b.header("Sec-WebSocket-Key");
        Boolean regenerated = frontKey == null || backendKey == null ? null : !frontKey.trim().equals(backendKey.trim());
        return new WebSocketPairJson(b.status() == 101, f.answered() ? f.status() == 101 : null, regenerated);
    }

    private static Double latency(LegExchange e) {
        if (!e.answered() || e.responseFirst() == 0) {
            return null;
        }
        return round3(Math.max(0, e.responseFirst() - e.requestLast()) / 1e6);
    }

    private static double round3(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
