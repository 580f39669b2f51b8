package io.hopsniff.report.diagnosis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DIAG_UPGRADE_ACCEPT_MISMATCH: a 101 whose Accept/Upgrade/Connection is wrong (RFC 6455 §4.2.2; Zeek's check). */
final class AcceptMismatchRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.UPGRADED_BAD), x -> {
            ev.exchange(x, f.evidence(), List.of("Sec-WebSocket-Key"),
                    List.of("Sec-WebSocket-Accept", "Upgrade", "Connection"));
            String key = x.exchange().request().fields().first("Sec-WebSocket-Key");
            f.evidence().add("tx" + x.id() + " expected Sec-WebSocket-Accept: " + Handshakes.expectedAccept(key)
                    + " = base64(SHA-1(key + " + Handshakes.GUID + "))");
        });
        if (first == null) {
            return Optional.empty();
        }
        String problem = String.join(" and ",
                Handshakes.acceptProblems(first.exchange().request(), first.exchange().response()));
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "problem", problem + f.more())));
    }
}
