package io.hopsniff.report.diagnosis;

import java.util.Map;
import java.util.Optional;

/** DIAG_NO_UPGRADE_SEEN: HTTP flowed on the leg but nothing tried to switch protocols (reference §2.3 #11). */
final class NoUpgradeSeenRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        if (facts.httpExchanges() == 0 || facts.upgradeAttempts() > 0) {
            return Optional.empty();
        }
        Finding f = new Finding(DiagnosisId.DIAG_NO_UPGRADE_SEEN);
        f.occurrence(0, 0);
        f.evidence().add(facts.httpExchanges() + " HTTP exchange(s) on " + facts.connectionsSeen()
                + " connection(s); none with Upgrade, Sec-WebSocket-*, CONNECT or the HTTP/2 preface");
        return Optional.of(f.build(Map.of("count", Long.toString(facts.httpExchanges()))));
    }
}
