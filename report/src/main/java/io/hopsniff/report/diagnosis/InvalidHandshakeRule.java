package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DIAG_INVALID_HANDSHAKE: Upgrade headers intact, key or version wrong (RFC 6455 §4.1; reference §2.3 #7). */
final class InvalidHandshakeRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_INVALID_HANDSHAKE);
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.INVALID), x -> {
            ev.exchange(x, f.evidence(), List.of("Sec-WebSocket-Key", "Sec-WebSocket-Version"), List.of("Server"));
        });
        if (first == null) {
            return Optional.empty();
        }
        HttpRequest r = first.exchange().request();
        List<String> problems = new ArrayList<>(2);
        if (Handshakes.keyProblem(r) != null) {
            problems.add(Handshakes.keyProblem(r));
        }
        if (Handshakes.versionProblem(r) != null) {
            problems.add(Handshakes.versionProblem(r));
        }
        HttpResponse response = first.exchange().response();
        String status = response != null && response.status() == 101
                ? "101 anyway (a lenient server such as wsproto accepts it; stricter clients and proxies do not)"
                : ev.status(response);
        return Optional.of(f.build(Map.of("request", ev.request(r), "problem", String.join(" and ", problems),
                "status", status + f.more())));
    }
}
