package io.hopsniff.report.diagnosis;

import java.util.List;
import io.hopsniff.decoder.http.HttpRequest;
import java.util.Map;
import java.util.Optional;

/** DIAG_PROXY_STRIPPED_UPGRADE: Sec-WebSocket-* without the hop-by-hop Upgrade/Connection (reference §2.3 #3). */
final class StrippedUpgradeRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_PROXY_STRIPPED_UPGRADE;
        Finding f = new Finding(id);
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.STRIPPED), x -> {
            ev.exchange(x, f.evidence(), Handshakes.UPGRADE_FIELDS, List.of());
        });
        if (first == null) {
            return Optional.empty();
        }
        HttpRequest r = first.exchange().request();
        boolean upgrade = r.fields().hasToken("Upgrade", "websocket");
        boolean connection = r.fields().hasToken("Connection", "upgrade");
        String missing = !upgrade && !connection ? "neither Upgrade: websocket nor Connection: Upgrade"
                : !upgrade ? "no Upgrade: websocket" : "no upgrade token in Connection";
        if ("HTTP/1.0".equals(r.version())) {
            missing += ", on an HTTP/1.0 request line";
        }
        var causes = "HTTP/1.0".equals(r.version()) ? Finding.rank(id.causes(), 2) : id.causes();
        return Optional.of(f.build(Map.of("request", ev.request(r), "missing", missing,
                "status", ev.status(first.exchange().response()) + f.more()), causes, id.severity()));
    }
}
