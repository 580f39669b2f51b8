package io.hopsniff.report.diagnosis;

import io.hopsniff.report.correlation.LegExchange;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_CONNECT_AT_PROXY: a CONNECT on the front leg that the proxy answered without forwarding it. A forwarded
 * CONNECT is the backend's DIAG_CONNECT_AT_ORIGIN, told through its front pair. Needs the backend leg in the
 * capture, like {@link ProxyAnsweredRule}.
 */
final class ConnectAtProxyRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        if (!facts.legs().enabled() || !facts.legs().backendSeen()) {
            return Optional.empty();
        }
        DiagnosisId id = DiagnosisId.DIAG_CONNECT_AT_PROXY;
        Finding f = new Finding(id);
        LegExchange first = null;
        boolean accepted = false;
        for (LegExchange x : facts.legs().frontOnly()) {
            if (!"CONNECT".equalsIgnoreCase(x.method())) {
                continue;
            }
            if (first == null) {
                first = x;
            }
            accepted |= x.answered() && x.status() >= 200 && x.status() < 300;
            if (f.occurrence(x.id(), x.connection())) {
                f.evidence().add(FrontLines.request(x, ev) + "  (" + Handshakes.targetForm(x.target()) + ")");
                String host = x.header("Host");
                if (host != null) {
                    f.evidence().add("tx" + x.id() + " > Host: " + ev.redactor().headerValue("Host", host));
                }
                f.evidence().add(FrontLines.response(x, facts, ev));
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        String meaning;
        if (first.answered() && first.status() >= 200 && first.status() < 300) {
            meaning = "a 2xx tells the client its tunnel is open, yet nothing was tunnelled to the backend (Caddy answers"
                    + " a host that no site matches with an empty 200)";
        } else if (first.answered()) {
            meaning = "the proxy refused it, as a reverse proxy should";
        } else {
            meaning = "the proxy never answered it";
        }
        String form = Handshakes.targetForm(first.target());
        var causes = form.equals("origin-form") ? Finding.rank(id.causes(), 1) : id.causes();
        return Optional.of(f.build(Map.of("request", "CONNECT " + ev.target(first.target()), "form", form,
                "status", FrontLines.status(first, facts, ev), "meaning", meaning + f.more()), causes,
                accepted || !first.answered() ? DiagnosisSeverity.WARNING : DiagnosisSeverity.INFO));
    }
}
