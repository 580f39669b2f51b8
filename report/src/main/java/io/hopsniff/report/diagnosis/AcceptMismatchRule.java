package io.hopsniff.report.diagnosis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_UPGRADE_ACCEPT_MISMATCH: a 101 a client refuses: its Accept/Upgrade/Connection is wrong (RFC 6455 §4.2.2;
 * Zeek's check), or it selects a subprotocol or extension the client did not offer, or none of the subprotocols a
 * browser offered ({@link Handshakes#acceptProblems}).
 */
final class AcceptMismatchRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.UPGRADED_BAD), x -> {
            ev.exchange(x, f.evidence(), List.of("Sec-WebSocket-Key", "Sec-WebSocket-Protocol",
                    "Sec-WebSocket-Extensions"), List.of("Sec-WebSocket-Accept", "Upgrade", "Connection",
                    "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"));
            String key = x.exchange().request().fields().first("Sec-WebSocket-Key");
            f.evidence().add("tx" + x.id() + " expected Sec-WebSocket-Accept: " + Handshakes.expectedAccept(key)
                    + " = base64(SHA-1(key + " + Handshakes.GUID + "))");
        });
        if (first == null) {
            return Optional.empty();
        }
        List<String> problems = Handshakes.acceptProblems(first.exchange().request(), first.exchange().response(),
                first.websocket(), v -> ev.redactor().headerValue("Sec-WebSocket-Protocol", v));
        String problem = String.join(" and ", problems);
        DiagnosisId id = DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH;
        // the handshake's Accept/Upgrade/Connection right: the negotiation is what failed, its cause goes first
        List<String> causes = problem.contains("subprotocol") || problem.contains("extension")
                ? Finding.rank(id.causes(), 2) : id.causes();
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "problem",
                problem + f.more()), causes, id.severity()));
    }
}
