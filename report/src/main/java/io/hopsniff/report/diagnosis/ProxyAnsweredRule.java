package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.session.Protocol;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.report.correlation.LegExchange;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_PROXY_ANSWERED: front-leg requests the proxy never forwarded (CONNECT has its own rule). Only when the
 * backend leg was captured: without it, nothing tells a forwarded request from one the proxy answered
 * ({@link BackendLegMissingRule} says so instead). A gateway error points at the backend-leg diagnoses.
 */
final class ProxyAnsweredRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        if (!facts.legs().enabled() || !facts.legs().backendSeen()) {
            return Optional.empty();
        }
        DiagnosisId id = DiagnosisId.DIAG_PROXY_ANSWERED;
        Finding f = new Finding(id);
        LegExchange first = null;
        boolean serious = false;
        for (LegExchange x : facts.legs().frontOnly()) {
            if ("CONNECT".equalsIgnoreCase(x.method())) {
                continue;
            }
            if (first == null) {
                first = x;
            }
            serious |= !x.answered() || x.status() >= 500;
            if (f.occurrence(x.id(), x.connection())) {
                f.evidence().add(FrontLines.request(x, ev));
                f.evidence().add(FrontLines.response(x, facts, ev));
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        String why = "";
        if (first.status() >= 502 && first.status() <= 504) {
            why = " from the proxy, a gateway error: " + gatewayCause(facts, first);
        } else if (first.answered()) {
            why = " from the proxy";
        }
        var causes = first.answered() && first.status() < 500 ? Finding.rank(id.causes(), 1) : id.causes();
        return Optional.of(f.build(Map.of("count", Integer.toString(f.count()),
                "request", first.method() + " " + ev.target(first.target()), "status", FrontLines.status(first, facts, ev),
                "why", why), causes, serious ? DiagnosisSeverity.WARNING : DiagnosisSeverity.INFO));
    }

    /** What the backend leg shows about why the proxy got no usable answer to {@code first}. */
    private static String gatewayCause(Facts facts, LegExchange first) {
        boolean unreachable = false;
        boolean h2c = false;
        H2ConnectionSummary http2 = null;
        for (ConnectionRecord c : facts.judgedConnections()) {
            unreachable |= BackendUnreachableRule.unanswered(c);
            h2c |= c.protocol() == Protocol.HTTP2_REFUSED;
            if (c.spokeHttp2()) {
                http2 = c.http2();
            }
        }
        for (ExchangeFact x : facts.judged()) {
            h2c |= x.exchange().request() != null && Handshakes.isPreface(x.exchange().request());
        }
        if (unreachable) {
            return "its connections to the backend were refused or unanswered (DIAG_BACKEND_UNREACHABLE)";
        }
        if (h2c) {
            return "it spoke HTTP/2 to a backend that answers in HTTP/1.1 (DIAG_H2C_TO_HTTP1_BACKEND)";
        }
        if (http2 != null && first.header("Upgrade") != null) {
            // RFC 9113 §8.2.2: no Upgrade on HTTP/2; a WebSocket there is RFC 8441's extended CONNECT or nothing
            return "it reaches this backend over HTTP/2, where an HTTP/1.1 upgrade cannot be sent (RFC 9113 §8.2.2;"
                    + " Caddy fails it itself: \"http2: invalid Upgrade request header\"), so the upgrade never left"
                    + " the proxy: give the WebSocket route HTTP/1.1 to the backend (Caddy: `transport http { versions"
                    + " 1.1 }`)" + (http2.serverEnabledExtendedConnect() ? ", or a proxy that opens WebSockets with RFC"
                    + " 8441's extended CONNECT, which this backend enabled" : "");
        }
        return "the backend leg shows no request for it";
    }
}
