package io.hopsniff.report.diagnosis;

import java.util.List;
import io.hopsniff.decoder.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/** DIAG_BACKEND_NO_WEBSOCKET_SUPPORT: a well-formed handshake answered the way plain HTTP answers it. */
final class BackendNoWebSocketRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT);
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.HTTP_SHAPED)
                .and(x -> !H2WebSocketNotEnabledRule.applies(facts, x)), x -> {
            ev.exchange(x, f.evidence(), Handshakes.UPGRADE_FIELDS, List.of("Server"));
        });
        if (first == null) {
            return Optional.empty();
        }
        HttpResponse r = first.exchange().response();
        String body = Handshakes.body(r);
        int s = r.status();
        // An HTTP route answering (2xx/405) points at the path; uvicorn's own texts and a 404 at the library first.
        boolean routeFirst = (s >= 200 && s < 300 || s == 405)
                && (body == null || !body.contains("upgrade request") && !body.contains("WebSocket library"));
        var causes = routeFirst ? Finding.rank(DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT.causes(), 1)
                : DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT.causes();
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()),
                "status", ev.status(r) + f.more()), causes, DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT.severity()));
    }
}
