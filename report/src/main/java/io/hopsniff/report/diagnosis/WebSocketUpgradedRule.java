package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.ws.WebSocketHandshake;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DIAG_WEBSOCKET_UPGRADED: a correct 101 with no decoded frames (no session yet, or no frame followed). */
final class WebSocketUpgradedRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_UPGRADED);
        ExchangeFact first = f.each(facts, x -> Finding.kind(Handshakes.Kind.UPGRADED).test(x) && (x.websocket() == null
                || WebSocketEnds.frames(x.websocket()) == 0 && WebSocketEnds.problem(x.websocket()) == null), x -> {
            boolean h2 = WebSocketHandshake.overHttp2(x.exchange().request()); // RFC 8441: no key, no Accept
            ev.exchange(x, f.evidence(), List.of(h2 ? ":protocol" : "Sec-WebSocket-Key"),
                    h2 ? List.of() : List.of("Sec-WebSocket-Accept"));
        });
        if (first == null) {
            return Optional.empty();
        }
        String after = (first.websocket() == null ? "what flowed after the upgrade was not decoded"
                : "no WebSocket frame followed it") + f.more();
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "after", after,
                "switched", Handshakes.switched(first, "101 with a valid Sec-WebSocket-Accept"))));
    }
}
