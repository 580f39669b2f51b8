package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.decoder.ws.WsViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * DIAG_WEBSOCKET_PROTOCOL_ERROR: after a 101, a side sent frames that RFC 6455 makes the receiver fail the
 * connection on (a masked server frame, a reserved opcode, unnegotiated RSV bits, an oversized or fragmented
 * control frame...). The handshake worked and frames may still be counted on the wire, but a browser gives up on
 * the first such frame from the server. Judged on the backend leg's session; when legs are captured, the proxy's
 * own leg to the client counts too, since a proxy that re-frames can break what the backend sent right.
 */
final class WebSocketProtocolErrorRule implements Rule {

    /** Indexes into the catalogue's causes. */
    private static final int BACKEND_CODE = 0;
    private static final int EXTENSION = 1;
    private static final int REWRITTEN = 2;
    private static final int CLIENT = 3;
    private static final int PROXY_CLOSE_UNMASKED = 4;

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR;
        Finding f = new Finding(id);
        List<Case> cases = new ArrayList<>();
        for (ExchangeFact x : facts.judged()) {
            WebSocketSession front = WebSocketEnds.front(facts, x);
            if (x.websocket() == null && front == null) {
                continue;
            }
            long since = x.exchange().response() == null ? 0 : x.exchange().response().firstByteNanos();
            cases.add(new Case("The WebSocket of " + ev.request(x.exchange().request()) + " got " + Handshakes.switched(x, "a valid 101"),
                    ev.requestLine(x), "tx" + x.id(), x.id(),
                    x.connectionId(), since, x.websocket(), front));
        }
        for (ConnectionRecord c : WebSocketEnds.alreadyOpen(facts)) {
            cases.add(new Case("The WebSocket on c" + c.id() + " was open before the capture began", "c" + c.id() + " "
                    + c.client() + " -> " + c.server() + ": WebSocket frames from the capture's start, no handshake",
                    "c" + c.id(), 0, c.id(), c.firstNanos(), c.websocket(), null));
        }
        Case first = null;
        boolean allCarriedOn = true;
        boolean allAfterOwnClose = true;
        for (Case k : cases) {
            if (!broken(k.backend()) && !broken(k.front())) {
                continue;
            }
            first = first == null ? k : first;
            allCarriedOn &= carriedOn(k.backend()) && carriedOn(k.front());
            allAfterOwnClose &= afterOwnClose(k.backend()) && afterOwnClose(k.front());
            if (f.occurrence(k.tx(), k.connection())) {
                f.evidence().add(k.line());
                quote(f.evidence(), k, k.backend(), "backend leg");
                quote(f.evidence(), k, k.front(), "client's leg");
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        WebSocketSession backend = first.backend();
        WebSocketSession front = first.front();
        List<String> what = new ArrayList<>(2);
        if (broken(backend)) {
            what.add(sent(backend, "the proxy", "the backend") + (front != null ? " on the backend leg" : ""));
        }
        if (broken(front) && broken(backend) && kinds(front).equals(kinds(backend))) {
            what.add("the client's leg carried the same frames (the proxy relays them unchanged)");
        } else if (broken(front)) {
            what.add(sent(front, "the client", "the proxy") + " on the client's leg");
        }
        boolean toBrowser = fromServer(backend) || fromServer(front);
        String consequence = toBrowser
                ? "a browser fails the connection on the first such frame (RFC 6455 §7.1.7) and its page sees close"
                        + " code 1006"
                : "a conforming server fails the connection on the first such frame (RFC 6455 §7.1.7, close code"
                        + " 1002)";
        // A receiver that went on sending frames took no offence: this pair of peers works, a stricter one fails.
        // Frames after their sender's own close are discarded unread: timing decided (Caddy's own close to the
        // backend comes second when it relays the client's close first)
        if (allCarriedOn) {
            consequence = "the receiver carried on regardless (a lenient peer), but " + consequence;
        } else if (allAfterOwnClose) {
            consequence = "it came after a close frame from the same side, so its receiver discarded it (RFC 6455"
                    + " §1.4) and this time it changed nothing; had it come first, " + (toBrowser
                    ? "a browser would have failed the connection (RFC 6455 §7.1.7) and its page seen close code 1006"
                    : "a conforming server would have failed the connection (RFC 6455 §7.1.7, close code 1002)");
        } else {
            consequence = consequence + ", although the handshake succeeded";
        }
        int lead = any(backend, AnomalyType.WS_RSV_BITS_UNNEGOTIATED) || any(front, AnomalyType.WS_RSV_BITS_UNNEGOTIATED)
                ? EXTENSION : !broken(backend) ? REWRITTEN : toBrowser ? BACKEND_CODE
                : proxysOwnUnmaskedClose(backend, front) ? PROXY_CLOSE_UNMASKED : CLIENT;
        return Optional.of(f.build(Map.of("websocket", first.request(),
                "what", String.join("; ", what) + f.more(), "consequence", consequence),
                lead == BACKEND_CODE ? id.causes() : Finding.rank(id.causes(), lead),
                allCarriedOn ? DiagnosisSeverity.WARNING : id.severity()));
    }

    /**
     * The backend leg's only violation is unmasked close frames from the proxy's side, and the client did not send
     * such a frame on its own leg (when that leg is captured): the proxy's own close, as Caddy before 2.6.3 sent it
     * on a reload or stop (the client's leg then shows the proxy closing the client too).
     */
    private static boolean proxysOwnUnmaskedClose(WebSocketSession backend, WebSocketSession front) {
        for (WsViolation v : backend.violations()) {
            if (v.direction() != Direction.CLIENT_TO_SERVER || v.type() != AnomalyType.WS_CLIENT_FRAME_UNMASKED
                    || !v.closeFramesOnly()) {
                return false;
            }
        }
        return front == null || !any(front, AnomalyType.WS_CLIENT_FRAME_UNMASKED);
    }

    /** True when the session's frames broke a rule its receiver fails the connection on. */
    static boolean broken(WebSocketSession s) {
        return s != null && !s.violations().isEmpty();
    }

    /** The session's violations as "s2c WS_SERVER_FRAME_MASKED"..., to tell a relay from a change. */
    private static Set<String> kinds(WebSocketSession s) {
        Set<String> out = new TreeSet<>();
        s.violations().forEach(v -> out.add(v.direction().shortName() + " " + v.type()));
        return out;
    }

    /**
     * True when the receiver of every violation sent frames other than a close after it and never closed with 1002
     * (Protocol Error); also for a session with none, so only broken sessions decide.
     */
    static boolean carriedOn(WebSocketSession s) {
        if (!broken(s)) {
            return true;
        }
        for (WsViolation v : s.violations()) {
            Integer receiverClose = (v.direction() == Direction.CLIENT_TO_SERVER ? s.s2c() : s.c2s()).closeCode();
            if (!v.carriedOn() || receiverClose != null && receiverClose == 1002) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every violation came after its sender's own close frame, which its receiver discards (RFC 6455
     * §1.4): the frames decided nothing. Also for a session with none, so only broken sessions decide.
     */
    static boolean afterOwnClose(WebSocketSession s) {
        return !broken(s) || s.violations().stream().allMatch(WsViolation::afterOwnClose);
    }

    private static boolean fromServer(WebSocketSession s) {
        return broken(s) && s.violations().stream().anyMatch(v -> v.direction() == Direction.SERVER_TO_CLIENT);
    }

    private static boolean any(WebSocketSession s, AnomalyType type) {
        return broken(s) && s.violations().stream().anyMatch(v -> v.type() == type);
    }

    /** "the backend sent 3 masked frames (WS_SERVER_FRAME_MASKED)", both directions joined. */
    private static String sent(WebSocketSession s, String client, String server) {
        List<String> out = new ArrayList<>(2);
        for (Direction d : Direction.values()) {
            List<String> kinds = new ArrayList<>();
            for (WsViolation v : s.violations()) {
                if (v.direction() == d) {
                    kinds.add(words(v));
                }
            }
            if (!kinds.isEmpty()) {
                out.add((d == Direction.CLIENT_TO_SERVER ? client : server) + " sent " + String.join(", ", kinds));
            }
        }
        return String.join("; ", out);
    }

    private static void quote(List<String> evidence, Case k, WebSocketSession s, String leg) {
        if (!broken(s)) {
            return;
        }
        String after = k.tx() == 0 ? " after the capture's first packet of it" : " after the backend's 101";
        for (WsViolation v : s.violations()) {
            evidence.add(k.label() + " " + leg + ", " + v.direction().shortName() + ": " + v.type() + " on "
                    + v.count() + " frame(s), the first " + WebSocketEnds.seconds(Math.max(0, v.firstNanos() - k.since()))
                    + after + (v.carriedOn() ? "; its receiver sent frames after it" : "")
                    + (v.afterOwnClose() ? "; each after its sender's own close frame" : ""));
        }
        evidence.add(k.label() + " " + leg + ", then close frames: " + code(s.c2s().closeCode()) + " from the"
                + " client side, " + code(s.s2c().closeCode()) + " from the server side; end " + s.end());
    }

    /**
     * One WebSocket judged: after a 101 (tx set), or already open when the capture began (tx 0, no front pair).
     *
     * @param request the verdict's opening; line the first evidence line; label "tx3" or "c1"
     * @param since   when the 101 (or the connection's first packet) was seen, for the evidence's times
     */
    private record Case(String request, String line, String label, long tx, long connection, long since,
                        WebSocketSession backend, WebSocketSession front) {
    }

    /** A browser that fails the connection sends 1002 (Protocol Error) before it drops it. */
    private static String code(Integer c) {
        return c == null ? "none" : c == 1002 ? "1002 (Protocol Error)" : c.toString();
    }

    /** What the frames did, in words: "3 masked frames (WS_SERVER_FRAME_MASKED)". */
    static String words(WsViolation v) {
        boolean one = v.count() == 1;
        String frames = v.count() + (one ? " frame" : " frames");
        String what = switch (v.type()) {
            case WS_CLIENT_FRAME_UNMASKED -> v.count() + " unmasked" + (v.closeFramesOnly() ? " close" : "")
                    + (one ? " frame" : " frames");
            case WS_SERVER_FRAME_MASKED -> v.count() + " masked" + (v.closeFramesOnly() ? " close" : "")
                    + (one ? " frame" : " frames");
            case WS_RESERVED_OPCODE -> frames + " with a reserved opcode";
            case WS_RSV_BITS_UNNEGOTIATED -> frames + " with RSV bits no negotiated extension defines";
            case WS_CONTROL_FRAME_TOO_LONG -> v.count() + (one ? " control frame" : " control frames")
                    + " longer than 125 bytes";
            case WS_CONTROL_FRAME_FRAGMENTED -> v.count() + (one ? " fragmented control frame" : " fragmented control frames");
            case WS_CONTINUATION_WITHOUT_START -> v.count() + (one ? " continuation frame" : " continuation frames")
                    + " with no message open";
            case WS_FRAGMENT_INTERLEAVED -> frames + " starting a new message inside a fragmented one";
            case WS_CLOSE_CODE_INVALID -> "a close frame with an invalid status code";
            case WS_CLOSE_REASON_NOT_UTF8 -> "a close frame whose reason is not UTF-8";
            case WS_TEXT_NOT_UTF8 -> v.count() + (one ? " text message" : " text messages") + " that "
                    + (one ? "is" : "are") + " not UTF-8";
            case WS_DEFLATE_INVALID -> v.count() + (one ? " compressed message" : " compressed messages") + " that "
                    + (one ? "does" : "do") + " not inflate";
            case WS_FRAMES_UNDECODABLE -> "a frame length with its most significant bit set";
            default -> frames + " named " + v.type();
        };
        return what + " (" + v.type() + ")";
    }
}
