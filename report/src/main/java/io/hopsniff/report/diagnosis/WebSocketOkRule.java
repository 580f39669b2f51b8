package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.ws.WebSocketHandshake;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_WEBSOCKET_OK: a correct 101 after which the frame decoder saw frames and a clean end (a completed close
 * handshake, whoever started it) or none yet (still open when the capture ended), and no frame
 * either side (or, with legs, the proxy or the client on the client's leg) sent makes its receiver fail the
 * connection (those are DIAG_WEBSOCKET_PROTOCOL_ERROR), and neither side closed it first with an error code
 * (DIAG_WEBSOCKET_CLOSED_WITH_ERROR from the backend, DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR from the proxy's side).
 */
final class WebSocketOkRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_OK);
        ExchangeFact first = f.each(facts, x -> x.websocket() != null && Finding.kind(Handshakes.Kind.UPGRADED).test(x)
                && WebSocketEnds.frames(x.websocket()) > 0 && WebSocketEnds.problem(x.websocket()) == null
                && !WebSocketProtocolErrorRule.broken(x.websocket())
                && !WebSocketProtocolErrorRule.broken(WebSocketEnds.front(facts, x))
                && !WebSocketEnds.firstCloseIsError(x.websocket()), x -> {
            WebSocketSession s = x.websocket();
            f.evidence().add(ev.requestLine(x));
            if (WebSocketHandshake.overHttp2(x.exchange().request())) {
                ev.response(x, f.evidence()); // RFC 8441: the status is the answer, there is no Accept
            } else {
                ev.responseHeader(x, "Sec-WebSocket-Accept", f.evidence());
            }
            f.evidence().add("tx" + x.id() + " frames: " + s.c2s().frames() + " to the backend, " + s.s2c().frames()
                    + " from it; end: " + s.end() + (s.closeHandshakeCompleted() ? ", close handshake completed" : ""));
        });
        if (first == null) {
            return Optional.empty();
        }
        WebSocketSession s = first.websocket();
        String frames = WebSocketEnds.frames(s) + " frames flowed (" + s.c2s().frames() + " to the backend, "
                + s.s2c().frames() + " from it)" + (s.closeHandshakeCompleted() ? ", " + close(first, s, facts) : "")
                + f.more();
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "frames", frames,
                "switched", Handshakes.switched(first, "101 with a valid Sec-WebSocket-Accept"))));
    }

    /** The close as the client saw it when the front leg shows it (a closed tab's 1001), else as this leg saw it. */
    private static String close(ExchangeFact x, WebSocketSession s, Facts facts) {
        WebSocketSession front = WebSocketEnds.front(facts, x);
        // A browser closing a tab sends 1001 and may drop the connection before the answer comes back: what
        // matters for the story is who closed first on the client's own leg.
        if (front != null && "client".equals(front.closedBy())) {
            return WebSocketEnds.cleanClose(front, true) + " and passed on to the backend";
        }
        // The proxy's side closed the backend leg while, on the client's leg, the proxy closed the client: neither
        // end asked for it, the proxy went away (Caddy closes the WebSockets it proxies on every config reload or
        // stop unless stream_close_delay is set)
        if (front != null && "server".equals(front.closedBy()) && "client".equals(s.closedBy())) {
            Integer code = s.c2s().closeCode();
            return "then a clean close" + (code == null ? "" : " " + code) + " started by the proxy on both legs (it"
                    + " closed the client and the backend itself: a config reload or stop of the proxy; Caddy does so"
                    + " unless stream_close_delay is set)";
        }
        return WebSocketEnds.cleanClose(s, false);
    }
}
