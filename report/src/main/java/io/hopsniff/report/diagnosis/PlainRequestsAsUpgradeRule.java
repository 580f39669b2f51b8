package io.hopsniff.report.diagnosis;

import io.hopsniff.report.correlation.Leg;
import io.hopsniff.report.correlation.LegExchange;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * DIAG_PLAIN_REQUESTS_AS_UPGRADE: plain requests reached the backend with {@code Connection: upgrade} and no
 * {@code Upgrade} field, and were refused. nginx's WebSocket guide sets {@code Connection "upgrade"} through a map
 * that gives it only to requests carrying Upgrade; configured without the map, every request the location serves
 * is marked, and uvicorn 0.17 with h11 (Debian 12's, which has no httptools) goes by the Connection option alone:
 * it answers each plain request 400 "Unsupported upgrade request." (lab nginx-websocket: the WebSocket works, the
 * page's API calls fail).
 * The opposite of the dashboard's symptom, from the same two proxy lines.
 */
final class PlainRequestsAsUpgradeRule implements Rule {

    private static final int PROXY_SETS_IT = 0;
    private static final int CLIENT_SENT_IT = 1;

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_PLAIN_REQUESTS_AS_UPGRADE;
        Finding f = new Finding(id);
        UpgradeTokens.Refused first = null;
        for (Map.Entry<String, UpgradeTokens.Tally> e : new TreeMap<>(facts.upgradeTokens()).entrySet()) {
            UpgradeTokens.Tally t = e.getValue();
            if (t.refused == 0 || facts.legs().of(e.getKey()) == Leg.FRONT) {
                continue;
            }
            if (first == null) {
                first = t.first;
            }
            if (f.occurrences(t.first.tx(), t.first.connection(), t.refused)) {
                f.evidence().add("server " + e.getKey() + ": " + t.marked + " plain request(s) with Connection:"
                        + " upgrade and no Upgrade field, " + t.refused + " refused; the first: tx" + t.first.tx()
                        + " c" + t.first.connection() + " > " + t.first.request() + " → " + t.first.answer());
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        LegExchange front = facts.legs().front(first.tx());
        String client = "";
        int lead = PROXY_SETS_IT;
        if (front != null) {
            boolean sent = upgradeToken(front.header("Connection"));
            client = sent ? "; the client sent Connection: upgrade itself and the proxy passed it on"
                    : "; the client's request (tx" + front.id() + ") had no Connection: upgrade: the proxy added it";
            lead = sent ? CLIENT_SENT_IT : PROXY_SETS_IT;
        }
        return Optional.of(f.build(Map.of("request", first.request(), "answer", first.answer(), "client", client,
                "more", f.more()), lead == PROXY_SETS_IT ? id.causes() : Finding.rank(id.causes(), lead),
                id.severity()));
    }

    /** Whether a Connection field value names the upgrade option. */
    private static boolean upgradeToken(String connection) {
        if (connection == null) {
            return false;
        }
        for (String option : connection.split(",")) {
            if (option.trim().toLowerCase(Locale.ROOT).equals("upgrade")) {
                return true;
            }
        }
        return false;
    }
}
