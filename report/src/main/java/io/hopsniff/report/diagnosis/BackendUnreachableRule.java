package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DIAG_BACKEND_UNREACHABLE: connection attempts without a SYN-ACK: refused ({@code S} then {@code r}: the
 * server side's RST, RFC 9293 §3.5) or never answered (SYNs only).
 */
final class BackendUnreachableRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_BACKEND_UNREACHABLE);
        int refused = 0;
        int silent = 0;
        Set<String> servers = new LinkedHashSet<>();
        for (ConnectionRecord c : facts.judgedConnections()) {
            if (!unanswered(c)) {
                continue;
            }
            boolean reset = c.history().indexOf('r') >= 0;
            if (reset) {
                refused++;
            } else {
                silent++;
            }
            servers.add(c.server().toString());
            if (f.occurrence(0, c.id())) {
                f.evidence().add("c" + c.id() + " " + c.client() + " > " + c.server() + " history " + c.history() + ": "
                        + (reset ? "SYN answered by RST (connection refused)" : "SYN never answered"));
            }
        }
        if (f.isEmpty()) {
            return Optional.empty();
        }
        String how = refused > 0 && silent > 0 ? "were refused (" + refused + ", SYN answered by RST) or got no answer ("
                + silent + ")" : refused > 0 ? "were refused: each SYN was answered by RST" : "got no answer to their SYN";
        return Optional.of(f.build(Map.of("count", Integer.toString(f.count()), "server", String.join(", ", servers),
                "how", how)));
    }

    /** A SYN from the client and no SYN-ACK ('h') from the server. */
    static boolean unanswered(ConnectionRecord c) {
        return io.hopsniff.report.correlation.LegConnection.failedAttempt(c.sawSyn(), c.history());
    }
}
