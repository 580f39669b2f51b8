package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_WEBSOCKET_ALREADY_OPEN: WebSocket frames on the judged leg whose handshake is before the capture. Says what
 * the frames show and that the handshake cannot be judged, instead of leaving a leg with working WebSockets to
 * read as one where no upgrade was ever attempted.
 */
final class AlreadyOpenRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        List<ConnectionRecord> open = WebSocketEnds.alreadyOpen(facts);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_ALREADY_OPEN);
        for (ConnectionRecord c : open) {
            WebSocketSession s = c.websocket();
            if (f.occurrence(0, c.id())) {
                f.evidence().add("c" + c.id() + " " + c.client() + " -> " + c.server() + ": " + s.c2s().frames()
                        + " frame(s) to the server, " + s.s2c().frames() + " from it; end " + s.end()
                        + (s.closeHandshakeCompleted() ? ", close handshake completed" : ""));
            }
        }
        WebSocketSession s = open.get(0).websocket();
        String problem = WebSocketEnds.problem(s);
        String frames = "c" + open.get(0).id() + " carried " + WebSocketEnds.frames(s) + " frame(s) (" + s.c2s().frames()
                + " to the backend, " + s.s2c().frames() + " from it)" + (problem != null ? " and " + problem
                : s.closeHandshakeCompleted() ? ", " + WebSocketEnds.cleanClose(s, false) : "")
                + (open.size() > 1 ? " (and " + (open.size() - 1) + " more)" : "");
        return Optional.of(f.build(Map.of("count", Integer.toString(open.size()), "frames", frames)));
    }
}
