package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.report.correlation.LegExchange;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_WEBSOCKET_CLOSED_WITH_ERROR: a correct 101, then the backend was the first to send a close frame, with a
 * code that says something went wrong (RFC 6455 §7.4.1). The close handshake may well complete, but the session
 * did not end the way its user wanted: "connects, then closes at once" is how an app refuses an unauthorised
 * session after accept(). 1000 (Normal Closure) and 1001 (Going Away) are not errors. A backend that fails the
 * connection (1002 Protocol Error, 1007 Invalid Frame Payload Data) on frames from the proxy's side that broke the
 * protocol is DIAG_WEBSOCKET_PROTOCOL_ERROR, whose consequence this rule does not repeat.
 */
final class ClosedWithErrorRule implements Rule {

    /** Indexes into the catalogue's causes. */
    private static final int APP_REFUSED = 0;
    private static final int APP_FAILED = 1;
    private static final int RESTARTING = 2;
    private static final int PINGS_UNANSWERED = 3;
    private static final int HELD_BACK = 4;

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR);
        ExchangeFact first = f.each(facts,
                x -> Finding.kind(Handshakes.Kind.UPGRADED).test(x) && closedWithError(x.websocket())
                        && !failedOnTheProxysFrames(x.websocket()), x -> {
                    WebSocketSession s = x.websocket();
                    f.evidence().add(ev.requestLine(x));
                    f.evidence().add("tx" + x.id() + " backend close frame: " + s.s2c().closeCode()
                            + (s.s2c().closeReason() == null ? "" : " \"" + ev.redactor().text(s.s2c().closeReason()) + "\"")
                            + " after " + s.s2c().frames() + " frame(s) from it and " + s.c2s().frames()
                            + " to it; proxy close frame " + (s.c2s().closeCode() == null ? "none" : s.c2s().closeCode())
                            + "; end " + s.end());
                });
        if (first == null) {
            return Optional.empty();
        }
        WebSocketSession s = first.websocket();
        int code = s.s2c().closeCode();
        String reason = s.s2c().closeReason() == null || s.s2c().closeReason().isBlank() ? ""
                : " and reason \"" + ev.redactor().text(s.s2c().closeReason()) + "\"";
        long data = WebSocketEnds.nonCloseFrames(s.s2c()) + WebSocketEnds.nonCloseFrames(s.c2s());
        long unanswered = WebSocketEnds.unansweredPings(s.s2c(), s.c2s());
        // A keepalive timeout with not one frame from the proxy's side since the 101: a client that hung at once, or
        // one that never got the 101 (a proxy holding it back, caddy#6733); the client's leg tells which.
        boolean silent = code == 1011 && unanswered > 0 && WebSocketEnds.nonCloseFrames(s.c2s()) == 0;
        LegExchange front = silent ? facts.legs().front(first.id()) : null;
        String frames = (data <= 0 ? "no other frame (it closed at once)" : data + " other frame(s)")
                + (unanswered > 0 ? ", " + unanswered + " of its pings unanswered" : "")
                + (silent ? silence("the " + first.exchange().response().status(), front) : "")
                + WebSocketEnds.largestMessage(s.c2s(), code, "to it");
        DiagnosisId id = DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR;
        int lead = code == 1011 && unanswered > 0 ? PINGS_UNANSWERED : code == 1008 || code >= 3000 ? APP_REFUSED
                : code == 1012 || code == 1013 ? RESTARTING : APP_FAILED;
        List<String> causes = !silent ? (lead == APP_REFUSED ? id.causes() : Finding.rank(id.causes(), lead))
                : front != null && !switched(front) ? Finding.rank(id.causes(), HELD_BACK)
                : front == null ? Finding.rank(id.causes(), PINGS_UNANSWERED, HELD_BACK)
                : Finding.rank(id.causes(), PINGS_UNANSWERED);
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "code", name(code),
                "reason", reason, "frames", frames + f.more(), "switched", Handshakes.switched(first, "a valid 101")),
                causes, id.severity()));
    }

    /**
     * What the silence of the proxy's side means, from the client's leg when it was captured: ", and not one frame from
     * the proxy's side since the 101" ({@code switchAnswer}: the backend's 101, or its 200 to an extended CONNECT), then
     * the client's side of the story, or both readings without it.
     */
    private static String silence(String switchAnswer, LegExchange front) {
        String none = ", and not one frame from the proxy's side since " + switchAnswer;
        if (front == null) {
            return none + ": the client hung from the start, or never received " + switchAnswer;
        }
        if (!switched(front)) {
            return none + "; on its leg the client " + (front.answered() ? "got " + front.status()
                    + " instead of the switch" : "never got an answer: the proxy held the switch back");
        }
        String got = "; on its leg the client got " + (front.status() == 101 ? "the 101"
                : "the " + front.status() + " to its extended CONNECT");
        WebSocketSession w = front.websocket();
        long relayed = w == null ? 0 : w.s2c().opcodes().getOrDefault("ping", 0L);
        if (relayed > 0 && w.c2s().opcodes().getOrDefault("pong", 0L) == 0) {
            return none + got + " and answered none of the " + relayed + " ping(s) the proxy relayed to it";
        }
        return none + got + " and sent nothing after it";
    }

    /** The client's leg shows the switch reached it: a 101, or a 2xx to an extended CONNECT (RFC 8441 §5). */
    private static boolean switched(LegExchange front) {
        return front.status() == 101 || "CONNECT".equals(front.method()) && front.status() / 100 == 2;
    }


    /** The backend sent the first close frame, with a code other than 1000 and 1001. */
    static boolean closedWithError(WebSocketSession s) {
        return WebSocketEnds.firstCloseIsError(s) && "server".equals(s.closedBy());
    }

    /** "1008 (Policy Violation)": RFC 6455 §7.4.1 and the IANA registry's names; ranges by their use. */
    static String name(int code) {
        String meaning = switch (code) {
            case 1002 -> "Protocol Error";
            case 1003 -> "Unsupported Data";
            case 1007 -> "Invalid Frame Payload Data";
            case 1008 -> "Policy Violation";
            case 1009 -> "Message Too Big";
            case 1010 -> "Mandatory Extension";
            case 1011 -> "Internal Error";
            case 1012 -> "Service Restart";
            case 1013 -> "Try Again Later";
            case 1014 -> "Bad Gateway";
            default -> code >= 4000 && code <= 4999 ? "the application's own code"
                    : code >= 3000 && code <= 3999 ? "a registered library or framework code" : "not a valid code";
        };
        return code + " (" + meaning + ")";
    }

    /** The backend's close is it failing the connection on frames from the proxy's side that broke the protocol. */
    private static boolean failedOnTheProxysFrames(WebSocketSession s) {
        Integer code = s.s2c().closeCode();
        return code != null && (code == 1002 || code == 1007)
                && s.violations().stream().anyMatch(v -> v.direction() == Direction.CLIENT_TO_SERVER);
    }
}
