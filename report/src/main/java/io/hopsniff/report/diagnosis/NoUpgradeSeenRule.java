package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.report.correlation.LegExchange;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_NO_UPGRADE_SEEN: HTTP flowed on the leg but nothing tried to switch protocols (reference §2.3 #11). With
 * legs, only the backend leg counts: the client's attempts on the front leg are what the proxy failed to forward.
 */
final class NoUpgradeSeenRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        long[] judged = facts.judgedCounts();
        // WebSockets open before the capture are upgrades that happened: DIAG_WEBSOCKET_ALREADY_OPEN says so
        if (judged[0] == 0 || judged[1] > 0 || !WebSocketEnds.alreadyOpen(facts).isEmpty()) {
            return Optional.empty();
        }
        if (facts.legs().enabled()) {
            for (LegExchange x : facts.legs().frontOnly()) {
                if (x.asksUpgrade()) {
                    return Optional.empty(); // the client's attempt is on the front leg, unforwarded: DIAG_PROXY_ANSWERED
                }
            }
        }
        DiagnosisId id = DiagnosisId.DIAG_NO_UPGRADE_SEEN;
        Finding f = new Finding(id);
        f.occurrence(0, 0);
        f.evidence().add(judged[0] + " HTTP exchange(s)" + (facts.legs().enabled() ? " on the backend leg" : " on "
                + facts.connectionsSeen() + " connection(s)")
                + "; none with Upgrade, Sec-WebSocket-*, CONNECT or a refused HTTP/2 preface");
        ConnectionRecord h2 = null;
        for (ConnectionRecord c : facts.judgedConnections()) {
            if (c.spokeHttp2()) {
                h2 = h2 == null ? c : h2;
                f.evidence().add("c" + c.id() + " to " + c.server() + " speaks HTTP/2 (" + c.protocol().label()
                        + "): " + c.http2().streamsOpened() + " stream(s), no extended CONNECT");
            }
        }
        String http2 = h2 == null ? "" : "; the proxy speaks HTTP/2 to this backend (c" + h2.id() + "), over which a"
                + " WebSocket can only be an extended CONNECT (RFC 8441), and none came";
        return Optional.of(f.build(Map.of("count", Long.toString(judged[0]), "http2", http2),
                h2 == null ? id.causes() : Finding.rank(id.causes(), 2), id.severity()));
    }
}
