package io.hopsniff.report.diagnosis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DIAG_WEBSOCKET_REJECTED_OTHER: a well-formed handshake refused in a way no other rule recognises. */
final class RejectedOtherRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER);
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.OTHER)
                .and(x -> !H2WebSocketNotEnabledRule.applies(facts, x)), x -> {
            ev.exchange(x, f.evidence(), List.of("Host", "Origin"), List.of("Server"));
        });
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()),
                "status", ev.status(first.exchange().response()) + f.more())));
    }
}
