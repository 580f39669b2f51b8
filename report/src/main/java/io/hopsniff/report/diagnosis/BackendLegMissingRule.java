package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.report.correlation.Leg;
import io.hopsniff.report.correlation.LegExchange;
import io.hopsniff.report.correlation.ProxySignatures;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DIAG_BACKEND_LEG_MISSING: legs are known (--front) but no connection of the capture is on the backend leg. The
 * front exchanges cannot say whether the proxy or the backend answered, so no backend verdict is guessed from them.
 * Not when exchanges with servers on no leg are in the capture: those are judged as backend exchanges (one may be
 * the backend, reached from an address the inference could not tie to the proxy), so the claim would be false.
 */
final class BackendLegMissingRule implements Rule {

    /** The cause ranked first when the proxy answered with its own gateway error. */
    private static final int GATEWAY_ERROR = 2;

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        LegFacts legs = facts.legs();
        if (!legs.enabled() || legs.backendSeen() || legs.frontExchanges() == 0) {
            return Optional.empty();
        }
        Finding f = new Finding(DiagnosisId.DIAG_BACKEND_LEG_MISSING);
        Set<String> fronts = new TreeSet<>();
        Map<String, Integer> handshakeStatuses = new TreeMap<>();
        int handshakes = 0;
        for (ExchangeFact x : facts.exchanges()) {
            Leg leg = facts.leg(x);
            if (leg == null) {
                return Optional.empty();
            }
            if (leg != Leg.FRONT) {
                continue;
            }
            fronts.add(x.server());
            HttpRequest q = x.exchange().request();
            HttpResponse r = x.exchange().response();
            if (q != null && Handshakes.isWebSocketAttempt(q)) {
                handshakes++;
                handshakeStatuses.merge(r == null ? "no response" : Integer.toString(r.status()), 1, Integer::sum);
                if (f.occurrence(x.id(), x.connectionId())) {
                    f.evidence().add(ev.requestLine(x) + "  (front leg)");
                    ev.response(x, f.evidence());
                }
            }
        }
        if (f.isEmpty()) {
            f.occurrence(0, 0);
        }
        f.evidence().add(legs.frontExchanges() + " exchange(s) on the front leg; 0 connections on the backend leg");
        StringBuilder summary = new StringBuilder();
        if (handshakes > 0) {
            summary.append("; on the front leg ").append(handshakes).append(" WebSocket handshake(s) got ");
            StringBuilder s = new StringBuilder();
            handshakeStatuses.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k)
                    .append(v > 1 ? " (" + v + "×)" : ""));
            summary.append(s);
        }
        String front = fronts.isEmpty() ? String.join(", ", legs.map().evidence()) : String.join(", ", fronts);
        DiagnosisId id = DiagnosisId.DIAG_BACKEND_LEG_MISSING;
        return Optional.of(f.build(Map.of("count", Long.toString(legs.frontExchanges()), "front", front,
                "summary", summary.toString()), gatewayError(legs) ? Finding.rank(id.causes(), GATEWAY_ERROR)
                : id.causes(), id.severity()));
    }

    /** Whether the proxy answered a front request with its own 502/503/504 ({@link ProxySignatures#gatewayError}). */
    private static boolean gatewayError(LegFacts legs) {
        for (LegExchange e : legs.frontOnly()) {
            if (ProxySignatures.gatewayError(e) != null) {
                return true;
            }
        }
        return false;
    }
}
