package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR: a correct 101, then the proxy's side of the backend leg sent the first
 * close frame, with a code that says something went wrong (RFC 6455 §7.4.1). A browser closes with 1007 when a text
 * message is not UTF-8 (§8.1), a client library with 1009 over its size limit: the close handshake may complete,
 * yet the session failed for its user, so it is not DIAG_WEBSOCKET_OK. With the client's leg captured, the
 * evidence tells the client's close the proxy passed on from a close the proxy sent itself. Frames that make the
 * receiver fail the connection are DIAG_WEBSOCKET_PROTOCOL_ERROR, whose 1002 this rule does not repeat.
 */
final class ClientClosedWithErrorRule implements Rule {

    /** Indexes into the catalogue's causes. */
    private static final int DATA_REFUSED = 0;
    private static final int TOO_BIG = 1;
    private static final int EXTENSION_MISSING = 2;
    private static final int APP_CLOSED = 3;
    private static final int CLIENT_FAILED = 4;
    private static final int PINGS_UNANSWERED = 5;

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR);
        ExchangeFact first = f.each(facts, x -> Finding.kind(Handshakes.Kind.UPGRADED).test(x)
                && closedWithError(x.websocket())
                && !WebSocketProtocolErrorRule.broken(x.websocket())
                && !WebSocketProtocolErrorRule.broken(WebSocketEnds.front(facts, x)), x -> {
                    WebSocketSession s = x.websocket();
                    f.evidence().add(ev.requestLine(x));
                    f.evidence().add("tx" + x.id() + " backend leg: first close frame from the proxy's side: "
                            + s.c2s().closeCode() + reasonQuoted(ev, s.c2s().closeReason()) + " after "
                            + s.c2s().frames() + " frame(s) from it and " + s.s2c().frames() + " from the backend;"
                            + " the backend's close frame " + (s.s2c().closeCode() == null ? "none" : s.s2c().closeCode())
                            + "; end " + s.end() + "; pings from the proxy's side " + pings(s) + ", pongs from the"
                            + " backend " + s.s2c().opcodes().getOrDefault("pong", 0L));
                    WebSocketSession front = WebSocketEnds.front(facts, x);
                    if (front != null) {
                        f.evidence().add("tx" + x.id() + " client's leg: close frames " + orNone(front.c2s().closeCode())
                                + " from the client, " + orNone(front.s2c().closeCode()) + " from the proxy; first by "
                                + front.closedBy() + "; end " + front.end());
                    }
                });
        if (first == null) {
            return Optional.empty();
        }
        WebSocketSession s = first.websocket();
        int code = s.c2s().closeCode();
        String reason = s.c2s().closeReason() == null || s.c2s().closeReason().isBlank() ? ""
                : " and reason \"" + ev.redactor().text(s.c2s().closeReason()) + "\"";
        long fromBackend = WebSocketEnds.nonCloseFrames(s.s2c());
        long toBackend = WebSocketEnds.nonCloseFrames(s.c2s());
        String frames = (fromBackend + toBackend <= 0 ? "no other frame (it closed at once)"
                : fromBackend + " other frame(s) from the backend and " + toBackend + " to it")
                + WebSocketEnds.largestMessage(s.s2c(), code, "from the backend");
        DiagnosisId id = DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR;
        int lead = keepaliveTimeout(s) ? PINGS_UNANSWERED : switch (code) {
            case 1002, 1003, 1007 -> DATA_REFUSED;
            case 1009 -> TOO_BIG;
            case 1010 -> EXTENSION_MISSING;
            case 1008 -> APP_CLOSED;
            default -> code >= 3000 && code <= 4999 ? APP_CLOSED : CLIENT_FAILED;
        };
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()),
                "closer", closer(WebSocketEnds.front(facts, first), code), "code", ClosedWithErrorRule.name(code),
                "reason", reason, "frames", frames + f.more(), "switched", Handshakes.switched(first, "a valid 101")),
                lead == DATA_REFUSED ? id.causes() : Finding.rank(id.causes(), lead), id.severity()));
    }

    /** The proxy's side sent the first close frame, with a code other than 1000 and 1001. */
    static boolean closedWithError(WebSocketSession s) {
        return WebSocketEnds.firstCloseIsError(s) && "client".equals(s.closedBy());
    }

    /**
     * A client's keepalive gave up: 1011 from the side that pinged, after pings the backend left unanswered, or with
     * websockets' reason "keepalive ping timeout" (the pong may come later, when a blocked backend wakes up: the
     * counts alone would then balance).
     */
    private static boolean keepaliveTimeout(WebSocketSession s) {
        String reason = s.c2s().closeReason();
        return s.c2s().closeCode() == 1011 && pings(s) > 0 && (WebSocketEnds.unansweredPings(s.c2s(), s.s2c()) > 0
                || reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("ping"));
    }

    private static long pings(WebSocketSession s) {
        return s.c2s().opcodes().getOrDefault("ping", 0L);
    }

    /**
     * Who sent it, as far as the capture tells: the backend leg alone shows only the proxy's side; the client's leg
     * shows whether the client closed first with the same code (the proxy relayed it) or not (the proxy's own).
     */
    private static String closer(WebSocketSession front, int code) {
        if (front == null) {
            return "the proxy's side (the client through the proxy, or the proxy itself)";
        }
        Integer clientCode = front.c2s().closeCode();
        if ("client".equals(front.closedBy()) && clientCode != null && clientCode == code) {
            return "the client (the proxy passed its close on)";
        }
        return "the proxy (the client's leg shows no such close from the client)";
    }

    private static String reasonQuoted(Evidence ev, String reason) {
        return reason == null || reason.isEmpty() ? "" : " \"" + ev.redactor().text(reason) + "\"";
    }

    private static String orNone(Integer code) {
        return code == null ? "none" : code.toString();
    }
}
