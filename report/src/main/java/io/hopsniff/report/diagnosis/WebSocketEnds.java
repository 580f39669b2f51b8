package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.Locale;

/** How a decoded WebSocket ended (RFC 6455 §7), shared by the OK and abnormal-close rules. */
final class WebSocketEnds {

    private WebSocketEnds() {
    }

    /**
     * Null when the session ended cleanly or is still open; else what went wrong, as a verdict fragment:
     * no close handshake before RST/FIN/idle-timeout, a 1001 from the proxy side, a 1011 from the backend.
     */
    static String problem(WebSocketSession s) {
        Integer proxyCode = s.c2s().closeCode();
        Integer backendCode = s.s2c().closeCode();
        if (proxyCode != null && proxyCode == 1001 && "client".equals(s.closedBy())) {
            return "was closed by the proxy with 1001 (Going Away): the proxy reloaded its configuration or shut down";
        }
        if (backendCode != null && backendCode == 1011 && "server".equals(s.closedBy())) {
            return "was closed by the backend with 1011" + reason(s.s2c().closeReason())
                    + " (an internal error, or the keepalive ping got no pong in time)";
        }
        if (s.closeHandshakeCompleted()) {
            return null;
        }
        String how = switch (s.end()) {
            case "rst" -> "with a TCP RST";
            case "fin-without-close" -> "with a TCP FIN and no close frame";
            case "idle-timeout" -> "by going silent until hopsniff's idle timeout";
            default -> null;
        };
        if (how == null) {
            return null; // still open at capture end, or evicted: not a failure of the hop
        }
        String who = "client".equals(s.endedBy()) ? "the proxy" : "server".equals(s.endedBy()) ? "the backend" : "an unknown side";
        String close = "none".equals(s.closedBy()) ? "no close frame from either side"
                : "a close frame only from the " + ("client".equals(s.closedBy()) ? "proxy" : "backend");
        return "was ended by " + who + " " + how + " after " + seconds(s.idleBeforeEndNanos())
                + " without frames (" + close + "; a client sees 1006)";
    }

    static long frames(WebSocketSession s) {
        return s.c2s().frames() + s.s2c().frames();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String reason(String r) {
        return r == null || r.isEmpty() ? "" : " '" + r + "'";
    }
}
