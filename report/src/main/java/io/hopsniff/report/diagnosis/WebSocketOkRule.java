package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.Map;
import java.util.Optional;

/** DIAG_WEBSOCKET_OK: a correct 101 after which the frame decoder saw frames and a clean (or no) end. */
final class WebSocketOkRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_OK);
        ExchangeFact first = null;
        for (ExchangeFact x : facts.exchanges()) {
            WebSocketSession s = x.websocket();
            if (Handshakes.classify(x.exchange().request(), x.exchange().response()) != Handshakes.Kind.UPGRADED
                    || s == null || WebSocketEnds.frames(s) == 0 || WebSocketEnds.problem(s) != null) {
                continue;
            }
            if (first == null) {
                first = x;
            }
            if (f.occurrence(x.id(), x.connectionId())) {
                f.evidence().add(ev.requestLine(x));
                ev.responseHeader(x, "Sec-WebSocket-Accept", f.evidence());
                f.evidence().add("tx" + x.id() + " frames: " + s.c2s().frames() + " to the backend, " + s.s2c().frames()
                        + " from it; end: " + s.end() + (s.closeHandshakeCompleted() ? ", close handshake completed" : ""));
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        WebSocketSession s = first.websocket();
        String frames = WebSocketEnds.frames(s) + " frames flowed (" + s.c2s().frames() + " to the backend, "
                + s.s2c().frames() + " from it)" + (s.closeHandshakeCompleted() ? ", then a clean close"
                + (s.s2c().closeCode() != null ? " " + s.s2c().closeCode() : "") : "") + f.more();
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "frames", frames)));
    }
}
