package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.Protocol;
import io.hopsniff.decoder.ws.WebSocketDirection;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a decoded WebSocket ended (RFC 6455 §7), shared by the OK and abnormal-close rules. */
final class WebSocketEnds {

    private WebSocketEnds() {
    }

    /**
     * Null when the session ended cleanly or is still open; else what went wrong, as a verdict fragment. A
     * completed close handshake is a clean end whichever side started it and whatever the code (RFC 6455 §7.1.2,
     * §7.4: 1001 is a peer going away, 1011 an error the peer reported and closed on cleanly); only a session that
     * ended without one (RST, FIN, silence until the idle timeout) is abnormal. Still open at capture end is not.
     */
    static String problem(WebSocketSession s) {
        return problem(s, false);
    }

    /** The same for a WebSocket on an HTTP/2 stream when {@code stream} (RFC 8441: END_STREAM, RST_STREAM end it). */
    static String problem(WebSocketSession s, boolean stream) {
        if (s.closeHandshakeCompleted()) {
            return null;
        }
        String how = switch (s.end()) {
            case "rst" -> stream ? "with RST_STREAM on its HTTP/2 stream" : "with a TCP RST";
            case "fin-without-close" -> stream ? "with END_STREAM and no close frame" : "with a TCP FIN and no close frame";
            case "idle-timeout" -> "by going silent until hopsniff's idle timeout";
            default -> null;
        };
        if (how == null) {
            return null; // still open at capture end, or evicted: not a failure of the hop
        }
        String who = "client".equals(s.endedBy()) ? "the proxy" : "server".equals(s.endedBy()) ? "the backend" : "an unknown side";
        String close = "none".equals(s.closedBy()) ? "no close frame from either side"
                : "a close frame " + code(s) + "only from the " + ("client".equals(s.closedBy()) ? "proxy" : "backend");
        return "was ended by " + who + " " + how + " after " + seconds(s.idleBeforeEndNanos())
                + " without frames (" + close + "; a client sees 1006)";
    }

    /** "1001 " when the first close frame had a code. */
    private static String code(WebSocketSession s) {
        Integer c = "client".equals(s.closedBy()) ? s.c2s().closeCode() : s.s2c().closeCode();
        return c == null ? "" : "(" + c + ") ";
    }

    /**
     * How a completed close handshake began, for verdicts: who sent the first close frame, with which code and what
     * that code means on this leg. The client side of the backend leg is the proxy, which relays the client's own
     * close (a closed tab sends 1001) or goes away itself (a reload).
     */
    static String cleanClose(WebSocketSession s, boolean frontLeg) {
        boolean byClient = "client".equals(s.closedBy());
        Integer code = byClient ? s.c2s().closeCode() : s.s2c().closeCode();
        String side = byClient ? (frontLeg ? "the client" : "the proxy's side") : (frontLeg ? "the proxy's side"
                : "the backend");
        String text = "then a clean close" + (code == null ? "" : " " + code) + " started by " + side;
        if (code != null && code == 1001) {
            text += byClient ? (frontLeg ? " (Going Away: the client went away, e.g. a closed tab)"
                    : " (Going Away: the client went away, or the proxy itself is reloading)")
                    : " (Going Away: the server or proxy is shutting down or reloading)";
        } else if (code != null && code == 1011) {
            text += " (1011: an error the server reported)";
        }
        return text;
    }

    /** The session on the proxy's leg to the client paired with this backend exchange, or null (no legs, no pair). */
    static WebSocketSession front(Facts facts, ExchangeFact x) {
        var front = facts.legs().front(x.id());
        return front == null ? null : front.websocket();
    }

    /**
     * WebSocket connections on the judged leg that were open before the capture began: frames without a handshake
     * exchange (the decoder found them from the stream itself).
     */
    static List<ConnectionRecord> alreadyOpen(Facts facts) {
        List<ConnectionRecord> out = new ArrayList<>();
        for (ConnectionRecord c : facts.judgedConnections()) {
            if (c.protocol() == Protocol.WEBSOCKET && c.exchanges() == 0 && c.websocket() != null) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The first close frame carried a code that says something went wrong (RFC 6455 §7.4.1: anything but 1000 Normal
     * Closure and 1001 Going Away), whichever side sent it; {@code "client".equals(s.closedBy())} tells which.
     */
    static boolean firstCloseIsError(WebSocketSession s) {
        if (s == null || "none".equals(s.closedBy())) {
            return false;
        }
        Integer c = "client".equals(s.closedBy()) ? s.c2s().closeCode() : s.s2c().closeCode();
        return c != null && c != 1000 && c != 1001;
    }

    /** Pings {@code pinging} sent beyond the pongs {@code answering} sent back (RFC 6455 §5.5.2-§5.5.3). */
    static long unansweredPings(WebSocketDirection pinging, WebSocketDirection answering) {
        return Math.max(0, pinging.opcodes().getOrDefault("ping", 0L) - answering.opcodes().getOrDefault("pong", 0L));
    }

    /**
     * After a 1009 (Message Too Big): "; the largest message to it was 8192 bytes (25 on the wire, compressed)",
     * what the closing side's size limit counted (inflated), or "" when no message's size is known. {@code which}
     * names the messages: "to it", "from the backend".
     */
    static String largestMessage(WebSocketDirection toCloser, int code, String which) {
        Long bytes = toCloser.largestMessageBytes();
        if (code != 1009 || bytes == null) {
            return "";
        }
        long wire = toCloser.largestMessageWireBytes();
        return "; the largest message " + which + " was " + bytes + " bytes" + (wire == bytes ? "" : " (" + wire
                + " on the wire, compressed)");
    }

    /** Frames of one direction other than close frames: data, pings and pongs. */
    static long nonCloseFrames(WebSocketDirection d) {
        return d.frames() - d.opcodes().getOrDefault("close", 0L);
    }

    static long frames(WebSocketSession s) {
        return s.c2s().frames() + s.s2c().frames();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

}
