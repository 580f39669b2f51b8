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
 * The opposite of the dashboard's symptom, from the same two proxy lines. On the client's leg alone the requests
 * carry no mark, but uvicorn's refusal comes back through the proxy: a plain request answered so was marked after
 * the capture point.
 */
final class PlainRequestsAsUpgradeRule implements Rule {

    private static final int PROXY_SETS_IT = 0;
    private static final int CLIENT_SENT_IT = 1;
    private static final String MARKED = "reached the backend with Connection: upgrade but no Upgrade field";
    private static final String UNMARKED = "carried neither Upgrade nor Connection: upgrade where it was captured";

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
            return unmarked(facts, f, id);
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
        return Optional.of(f.build(Map.of("request", first.request(), "how", MARKED, "answer", first.answer(),
                "client", client, "more", f.more()), lead == PROXY_SETS_IT ? id.causes() : Finding.rank(id.causes(), lead),
                id.severity()));
    }

    /**
     * No marked request refused: plain requests that carried no mark where they were captured, yet got uvicorn's
     * refusal of an upgrade, on any leg (the client's leg of the proxy that marks them, relayed back).
     */
    private static Optional<Diagnosis> unmarked(Facts facts, Finding f, DiagnosisId id) {
        UpgradeTokens.Refused first = null;
        for (Map.Entry<String, UpgradeTokens.Tally> e : new TreeMap<>(facts.upgradeTokens()).entrySet()) {
            UpgradeTokens.Tally t = e.getValue();
            if (t.unmarkedRefused == 0) {
                continue;
            }
            UpgradeTokens.Refused r = t.firstUnmarked;
            first = first == null ? r : first;
            if (f.occurrences(r.tx(), r.connection(), t.unmarkedRefused)) {
                f.evidence().add("server " + e.getKey() + ": " + t.unmarkedRefused + " plain request(s) with no"
                        + " Upgrade field and no upgrade option in Connection answered as uvicorn refuses an upgrade;"
                        + " the first: tx" + r.tx() + " c" + r.connection() + " > " + r.request() + " → " + r.answer());
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(f.build(Map.of("request", first.request(), "how", UNMARKED, "answer", first.answer(),
                "client", ", so a hop after the capture point (the proxy it went through) marked it with Connection:"
                        + " upgrade", "more", f.more()), id.causes(), id.severity()));
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
