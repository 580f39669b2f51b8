package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DIAG_WEBSOCKET_REJECTED_OTHER: a well-formed handshake refused in a way no other rule recognises. */
final class RejectedOtherRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER);
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.OTHER)
                .and(x -> !H2WebSocketNotEnabledRule.applies(facts, x) && !HostRejectedRule.applies(facts, x)), x -> {
            ev.exchange(x, f.evidence(), List.of("Host", "Origin"), List.of("Server"));
        });
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()),
                "status", ev.status(first.exchange().response()) + f.more(),
                "meaning", meaning(first.exchange().response()))));
    }

    /**
     * What the answer is known to mean: uvicorn's bare 500 is its answer to any exception before accept
     * (websockets_impl.py: "Internal Server Error", text/plain), the traceback in its log; else nothing known.
     */
    private static String meaning(HttpResponse r) {
        String body = Handshakes.body(r);
        if (r.status() == 500 && "Internal Server Error".equals(body)) {
            return ", uvicorn's answer when the application raised before accepting the WebSocket (an exception in"
                    + " the endpoint or a middleware; Starlette's TrustedHostMiddleware gives this on Debian 12 for a"
                    + " Host it does not allow): the backend's log has the traceback";
        }
        return ", an answer that matches no known signature";
    }
}
