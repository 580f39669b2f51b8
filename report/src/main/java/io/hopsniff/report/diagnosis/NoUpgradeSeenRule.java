package io.hopsniff.report.diagnosis;

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
        Finding f = new Finding(DiagnosisId.DIAG_NO_UPGRADE_SEEN);
        f.occurrence(0, 0);
        f.evidence().add(judged[0] + " HTTP exchange(s)" + (facts.legs().enabled() ? " on the backend leg" : " on "
                + facts.connectionsSeen() + " connection(s)")
                + "; none with Upgrade, Sec-WebSocket-*, CONNECT or the HTTP/2 preface");
        return Optional.of(f.build(Map.of("count", Long.toString(judged[0]))));
    }
}
