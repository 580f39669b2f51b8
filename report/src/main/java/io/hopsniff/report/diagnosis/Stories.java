package io.hopsniff.report.diagnosis;

import io.hopsniff.report.correlation.HeaderDiff;
import io.hopsniff.report.correlation.HeaderDiffJson;
import io.hopsniff.report.correlation.LegExchange;
import io.hopsniff.report.correlation.Matcher;
import io.hopsniff.report.correlation.ProxySignatures;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Places a diagnosis on its leg and tells its first client requests end to end ({@link Story}): a backend
 * verdict through the front exchange that caused each backend exchange, a front finding (the proxy answered
 * itself) from the front exchange alone. Without legs a diagnosis is left as the rule made it.
 */
final class Stories {

    /** Diagnoses about what the proxy did on the front leg; every other one is about the backend leg. */
    static final Set<DiagnosisId> FRONT = EnumSet.of(DiagnosisId.DIAG_PROXY_ANSWERED, DiagnosisId.DIAG_CONNECT_AT_PROXY,
            DiagnosisId.DIAG_BACKEND_LEG_MISSING);
    /** Header changes listed per story; the rest are counted. */
    static final int MAX_CHANGES = 12;
    /** Fields whose loss or change explains an upgrade failure: listed first in the story. */
    private static final List<String> HANDSHAKE = List.of("Upgrade", "Connection", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version", "Host");

    private Stories() {
    }

    static Diagnosis attach(Diagnosis d, Facts facts, Evidence ev) {
        LegFacts legs = facts.legs();
        if (!legs.enabled()) {
            return d;
        }
        boolean front = FRONT.contains(DiagnosisId.valueOf(d.id()));
        List<Story> told = new ArrayList<>();
        for (long tx : d.transactions()) {
            if (told.size() >= Diagnosis.MAX_STORIES) {
                break;
            }
            Story s = front ? frontOnly(tx, legs, ev) : paired(tx, legs.pair(tx), facts, ev);
            if (s != null) {
                told.add(s);
            }
        }
        return d.withLegs(front ? "front" : "backend", told.isEmpty() ? null : told);
    }

    private static Story paired(long backendTx, Matcher.Match m, Facts facts, Evidence ev) {
        if (m == null || m.front() == null) {
            return null;
        }
        LegExchange f = m.front();
        LegExchange b = m.backend();
        HeaderDiffJson diff = HeaderDiff.diff(f.headers(), b.headers(), ev.redactor());
        String answered = b.answered() ? FrontLines.status(b, facts, ev) : "no response";
        boolean relayed = f.answered() && b.answered() && f.status() == b.status();
        String got = !f.answered() ? "no response"
                : f.status() + (relayed ? " (relayed from the backend)" : " (from the proxy)") + servers(f);
        return new Story(f.id(), b.id(), f.connection(), b.connection(), line(f, ev), line(b, ev), changes(diff),
                answered, got, relayed ? "backend" : f.answered() ? "proxy" : "none", m.confidence());
    }

    private static Story frontOnly(long frontTx, LegFacts legs, Evidence ev) {
        for (LegExchange f : legs.frontOnly()) {
            if (f.id() == frontTx) {
                return legs.backendSeen() ? unforwarded(f, ev) : backendUnseen(f, ev);
            }
        }
        return null;
    }

    private static Story unforwarded(LegExchange f, Evidence ev) {
        String got = f.answered() ? f.status() + " (from the proxy)" + servers(f) : "no response";
        return new Story(f.id(), null, f.connection(), null, line(f, ev), null, null, null, got,
                f.answered() ? "proxy" : "none", null);
    }

    /**
     * A front request when the capture holds no backend leg: who answered it is told by the answer alone, relayed
     * when it shows a relay ({@link ProxySignatures#relayed}), from the proxy when it is the proxy's own gateway
     * error ({@link ProxySignatures#gatewayError}), else unknown.
     */
    private static Story backendUnseen(LegExchange f, Evidence ev) {
        String relay = f.answered() ? ProxySignatures.relayed(f) : null;
        if (!f.answered() || relay == null && ProxySignatures.gatewayError(f) != null) {
            return unforwarded(f, ev);
        }
        String got = f.status() + (relay != null ? " (relayed from the backend: " + relay + ")"
                : " (from the proxy or relayed: the backend leg is not in the capture)" + servers(f));
        return new Story(f.id(), null, f.connection(), null, line(f, ev), null, null, null, got,
                relay != null ? "backend" : "unknown", null);
    }

    /** "GET /ws/abc with Upgrade: websocket, Connection: Upgrade", or "… without Upgrade/Connection" for a handshake. */
    static String line(LegExchange e, Evidence ev) {
        StringBuilder b = new StringBuilder(e.method()).append(' ').append(ev.target(e.target()));
        if (io.hopsniff.decoder.ws.WebSocketHandshake.overHttp2(e.method(), e.header(":protocol"))) {
            return b.append(" with :protocol websocket (RFC 8441)").toString(); // no Upgrade/Connection on HTTP/2
        }
        String upgrade = e.header("Upgrade");
        String connection = e.header("Connection");
        if (e.asksUpgrade()) {
            List<String> parts = new ArrayList<>(2);
            if (upgrade != null) {
                parts.add("Upgrade: " + upgrade.trim());
            }
            if (connection != null) {
                parts.add("Connection: " + connection.trim());
            }
            b.append(parts.isEmpty() ? " without Upgrade or Connection" : " with " + String.join(", ", parts));
            if (upgrade == null && connection != null) {
                b.append(", no Upgrade");
            }
        }
        return b.toString();
    }

    /** ", Server: Caddy, uvicorn", or nothing. */
    private static String servers(LegExchange e) {
        String servers = FrontLines.servers(e);
        return servers == null ? "" : ", Server: " + servers;
    }

    /** The diff in words, handshake fields first. */
    static List<String> changes(HeaderDiffJson diff) {
        List<String> first = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        diff.removed().forEach(p -> (handshake(p.get(0)) ? first : rest).add("removed " + p.get(0) + ": " + p.get(1)));
        diff.changed().forEach(p -> (handshake(p.get(0)) ? first : rest)
                .add("changed " + p.get(0) + ": " + p.get(1) + " → " + p.get(2)));
        diff.added().forEach(p -> (handshake(p.get(0)) ? first : rest).add("added " + p.get(0) + ": " + p.get(1)));
        diff.renamed().forEach(p -> rest.add("renamed " + p.get(0) + " → " + p.get(1)));
        first.addAll(rest);
        if (first.size() > MAX_CHANGES) {
            int more = first.size() - MAX_CHANGES + 1;
            List<String> cut = new ArrayList<>(first.subList(0, MAX_CHANGES - 1));
            cut.add("… " + more + " more");
            return cut;
        }
        return first;
    }

    private static boolean handshake(String name) {
        for (String h : HANDSHAKE) {
            if (h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
