package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.ws.WebSocketHandshake;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_WEBSOCKET_ABNORMAL_CLOSE: an established WebSocket that ended without a close handshake (reference §2.3 #8:
 * idle timeouts, reloads, crashes). Not when the ending has a named cause of its own: a refused 101, a frame its
 * receiver failed the connection on, or a first close frame with an error code. Uses the decoded session when
 * there is one; without it, only a RST on the upgraded connection is evidence enough.
 */
final class AbnormalCloseRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE;
        Finding f = new Finding(id);
        String how = null;
        ExchangeFact first = null;
        for (ExchangeFact x : facts.judged()) {
            var k = x.kind();
            if (k != Handshakes.Kind.UPGRADED && k != Handshakes.Kind.UPGRADED_BAD) {
                continue;
            }
            WebSocketSession s = x.websocket();
            if (k == Handshakes.Kind.UPGRADED_BAD && !Handshakes.clientSentData(s)
                    || WebSocketProtocolErrorRule.broken(s) && !WebSocketProtocolErrorRule.carriedOn(s)
                    || k == Handshakes.Kind.UPGRADED && WebSocketEnds.firstCloseIsError(s)) {
                // a side refused the 101, failed the connection on a frame, or closed first with an error code and
                // dropped the connection (a client's keepalive timeout does not wait for the echo): that is why it
                // ended without a close handshake, and DIAG_UPGRADE_ACCEPT_MISMATCH / DIAG_WEBSOCKET_PROTOCOL_ERROR /
                // the CLOSED_WITH_ERROR ids say so; idle timeouts and reloads are not the story
                continue;
            }
            ConnectionRecord c = facts.connection(x.connectionId());
            String problem;
            boolean stream = WebSocketHandshake.overHttp2(x.exchange().request());
            if (s != null) {
                problem = WebSocketEnds.problem(s, stream);
            } else if (c != null && c.end() == EndReason.RST) {
                problem = "ended with a TCP RST from " + resetBy(c.history())
                        + " (frames not decoded: whether a close frame came first is unknown)";
            } else {
                problem = null;
            }
            if (problem == null) {
                continue;
            }
            if (first == null) {
                first = x;
                how = problem + (s == null ? "" : idleTimeout(s));
            }
            if (f.occurrence(x.id(), x.connectionId())) {
                f.evidence().add(ev.requestLine(x));
                f.evidence().add("tx" + x.id() + " < " + (stream ? "HTTP/2 " + x.exchange().response().status()
                        : "HTTP/1.1 101"));
                if (s != null) {
                    f.evidence().add("tx" + x.id() + " close frames: proxy " + code(s.c2s().closeCode()) + ", backend "
                            + code(s.s2c().closeCode()) + "; end " + s.end() + " by " + s.endedBy() + " after "
                            + WebSocketEnds.seconds(s.idleBeforeEndNanos()) + " idle");
                }
                if (c != null) {
                    f.evidence().add("c" + c.id() + " history " + c.history() + ", ended by " + c.end().reportName());
                }
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        WebSocketSession s = first.websocket();
        List<String> causes = id.causes();
        if (s != null && s.c2s().closeCode() != null && s.c2s().closeCode() == 1001) {
            causes = Finding.rank(causes, 1);
        } else if (s != null && "server".equals(s.endedBy()) || s == null && how.contains("from the backend")) {
            causes = Finding.rank(causes, 2);
        }
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "how", how + f.more()),
                causes, id.severity()));
    }

    /**
     * "; 60 s of silence is nginx's default proxy_read_timeout..." when the proxy's side ended the WebSocket after
     * as long without frames as a well-known proxy's default idle timeout (within 1.5 s), else "".
     */
    static String idleTimeout(WebSocketSession s) {
        if (!"client".equals(s.endedBy()) || !"none".equals(s.closedBy())) {
            return "";
        }
        double idle = s.idleBeforeEndNanos() / 1e9;
        if (Math.abs(idle - 60) <= 1.5) {
            return "; 60 s of silence is nginx's default proxy_read_timeout and an AWS load balancer's default idle"
                    + " timeout";
        }
        if (Math.abs(idle - 100) <= 1.5) {
            return "; 100 s of silence is Cloudflare's idle timeout for proxied WebSockets";
        }
        return "";
    }

    private static String code(Integer c) {
        return c == null ? "none" : c.toString();
    }

    /** Zeek history: 'R' from the client (the proxy), 'r' from the server (the backend). */
    static String resetBy(String history) {
        boolean proxy = history.indexOf('R') >= 0;
        boolean backend = history.indexOf('r') >= 0;
        return proxy && !backend ? "the proxy" : backend && !proxy ? "the backend" : "both sides";
    }
}
