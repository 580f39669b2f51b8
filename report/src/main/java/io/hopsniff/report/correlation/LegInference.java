package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.report.Redactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a proxy hop in a capture without {@code --front}: a request carrying forwarding evidence
 * ({@code X-Forwarded-*}, {@code X-Real-Ip}, {@code Forwarded}, {@code Via}) that nests in time inside an exchange
 * of another server with the same method and target (scored like correlation, {@link Signals}) was sent by a
 * proxy: its server is on the backend leg, the other server on the front leg. One without forwarding evidence
 * counts when the pair shows the relay itself ({@link UnmarkedRelays}). A proxy that could not reach its
 * backend forwards nothing, so a second signature counts too: a 502/503/504 during which a connection attempt
 * from the answering host to another server failed. An endpoint that is both (a chain of proxies) is placed on
 * the backend leg, where its answers are judged. A third, weaker signature places a server on the front leg only:
 * its responses were relayed, or were its own gateway errors ({@link ProxySignatures}), though the capture holds no
 * forwarded copy of its requests: the backend leg is missing from the capture. No evidence, no legs. Pure.
 */
public final class LegInference {

    /** Evidence lines kept (the first pairs found, in time order); the rest are counted. */
    static final int MAX_EVIDENCE = 6;
    /**
     * Pairs looked for per backend server: enough to find every proxy listener that forwards to it in practice,
     * and it bounds the scoring on a busy capture (the correlation pairs every exchange afterwards anyway).
     */
    static final int PAIRS_PER_BACKEND = 64;

    private LegInference() {
    }

    public static LegMap infer(List<LegExchange> exchanges, List<LegConnection> failedAttempts, Redactor redactor) {
        return infer(exchanges, failedAttempts, ServerVariety.of(exchanges), redactor);
    }

    /** {@code variety}: what {@code exchanges} tell of their servers, kept as they arrived (see {@link Correlator}). */
    static LegMap infer(List<LegExchange> exchanges, List<LegConnection> failedAttempts, ServerVariety variety,
                        Redactor redactor) {
        if (!variety.varied(failedAttempts)) {
            return LegMap.none(); // pairs, relays and gateway errors all need a second server (the common case: one leg)
        }
        List<LegExchange> byStart = new ArrayList<>(exchanges);
        byStart.sort(Comparator.comparingLong(LegExchange::requestFirst).thenComparingLong(LegExchange::id));
        Map<String, List<LegExchange>> byMethod = new HashMap<>();
        for (LegExchange e : byStart) {
            if (e.server() != null) {
                byMethod.computeIfAbsent(e.method(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, long[]> startsByMethod = new HashMap<>();
        byMethod.forEach((m, list) -> startsByMethod.put(m, list.stream().mapToLong(LegExchange::requestFirst).toArray()));
        Set<String> front = new LinkedHashSet<>();
        Set<String> backend = new LinkedHashSet<>();
        List<String> evidence = new ArrayList<>();
        int pairs = 0;
        Map<Endpoint, Integer> pairsPerBackend = new HashMap<>();
        UnmarkedRelays unmarked = new UnmarkedRelays(byStart);
        for (LegExchange b : byStart) {
            if (b.server() == null || pairsPerBackend.getOrDefault(b.server(), 0) >= PAIRS_PER_BACKEND) {
                continue; // enough evidence for this backend server already: scoring is not free
            }
            boolean marked = b.forwarded();
            if (!marked && !unmarked.examine(b)) {
                continue;
            }
            LegExchange f = cause(b, byMethod.getOrDefault(b.method(), List.of()),
                    startsByMethod.getOrDefault(b.method(), new long[0]), marked);
            if (f == null) {
                continue;
            }
            pairsPerBackend.merge(b.server(), 1, Integer::sum);
            String to = "c" + b.connection() + " " + b.method() + " " + clip(redactor.target(b.target())) + " to "
                    + b.server();
            String inside = "c" + f.connection() + " " + f.method() + " " + clip(redactor.target(f.target())) + " to "
                    + f.server() + " (started " + Signals.millis(b.requestFirst() - f.requestFirst()) + " ms later)";
            if (!marked) {
                unmarked.pair(b, f, to + " carries no forwarding field, but came from " + UnmarkedRelays.origin(b, f)
                        + " and ran inside " + inside + ", and its " + b.status() + " came before c" + f.connection()
                        + "'s " + f.status() + ": a proxy that marks nothing it forwards, as nginx's bare proxy_pass"
                        + " and HAProxy without option forwardfor do");
                continue;
            }
            front.add(f.server().toString());
            backend.add(b.server().toString());
            if (pairs++ < MAX_EVIDENCE) {
                evidence.add(to + " carries " + forwardingFields(b) + " and ran inside " + inside);
            }
        }
        for (UnmarkedRelays.Pair p : unmarked.consistent()) {
            front.add(p.front().toString());
            backend.add(p.backend().toString());
            if (pairs++ < MAX_EVIDENCE) {
                evidence.add(p.evidence());
            }
        }
        int gateway = 0;
        for (LegExchange f : byStart) {
            if (f.server() == null || f.status() < 502 || f.status() > 504) {
                continue;
            }
            LegConnection c = failedDuring(f, failedAttempts);
            if (c == null) {
                continue;
            }
            front.add(f.server().toString());
            backend.add(c.server().toString());
            if (gateway++ < MAX_EVIDENCE) {
                evidence.add("c" + f.connection() + " " + f.method() + " " + clip(redactor.target(f.target())) + " got " + f.status()
                        + " from " + f.server() + " while c" + c.id() + ", a connection attempt from that host to "
                        + c.server() + ", " + (c.refused() ? "was refused" : "got no answer"));
            }
        }
        int relays = 0;
        for (LegExchange e : byStart) {
            if (e.server() == null || backend.contains(e.server().toString()) || front.contains(e.server().toString())) {
                continue;
            }
            String signature = ProxySignatures.relayed(e);
            String gatewayError = signature == null ? ProxySignatures.gatewayError(e) : null;
            if (signature != null || gatewayError != null) {
                front.add(e.server().toString());
                if (relays++ < MAX_EVIDENCE) {
                    evidence.add("c" + e.connection() + " " + e.method() + " " + clip(redactor.target(e.target()))
                            + " to " + e.server() + " was answered with " + (signature != null
                            ? signature + ": a proxy relayed it" : gatewayError)
                            + " (no request of the capture is that proxy's forwarded copy)");
                }
            }
        }
        front.removeAll(backend);
        if (front.isEmpty()) {
            return LegMap.none();
        }
        int more = Math.max(0, pairs - MAX_EVIDENCE) + Math.max(0, gateway - MAX_EVIDENCE);
        if (more > 0) {
            evidence.add("… and " + more + " more like these (pairs are looked for up to " + PAIRS_PER_BACKEND
                    + " per backend server)");
        }
        return LegMap.inferred(front, backend, evidence);
    }

    /**
     * The best-scoring exchange on another server that can have caused {@code b}, or null; when {@code b} is not
     * {@code marked} by forwarding fields, only one the relay shows ({@link UnmarkedRelays#relayed}, checked first:
     * it is cheaper than scoring).
     */
    private static LegExchange cause(LegExchange b, List<LegExchange> sameMethod, long[] starts, boolean marked) {
        LegExchange best = null;
        double bestPoints = Signals.THRESHOLD;
        int seen = 0;
        for (int i = Matcher.upperBound(starts, b.requestFirst() + Signals.SKEW_NANOS) - 1;
             i >= 0 && seen < Matcher.MAX_CANDIDATES; i--, seen++) {
            LegExchange f = sameMethod.get(i);
            if (f.requestFirst() < b.requestFirst() - Matcher.WINDOW_NANOS) {
                break;
            }
            if (f.server().equals(b.server()) || f.connection() == b.connection() || !marked && !UnmarkedRelays.relayed(b, f)) {
                continue;
            }
            Signals.Score s = Signals.score(b, f);
            if (s != null && s.points() >= bestPoints) {
                best = f;
                bestPoints = s.points();
            }
        }
        return best;
    }

    /** A failed connection attempt from {@code f}'s server host to another server, started while f was pending. */
    private static LegConnection failedDuring(LegExchange f, List<LegConnection> attempts) {
        long until = f.responseFirst() != 0 ? f.responseFirst() : Long.MAX_VALUE;
        for (LegConnection c : attempts) {
            Endpoint server = c.server();
            if (server == null || server.equals(f.server()) || !Signals.sameAddress(c.client().address(),
                    f.server().address())) {
                continue;
            }
            if (c.first() + Signals.SKEW_NANOS >= f.requestFirst() && c.first() <= until + Signals.SKEW_NANOS) {
                return c;
            }
        }
        return null;
    }

    private static String forwardingFields(LegExchange b) {
        Set<String> names = new LinkedHashSet<>();
        b.headers().forEach(h -> {
            if (LegExchange.isForwardingField(h.name())) {
                names.add(h.name());
            }
        });
        return String.join(", ", names);
    }

    /** A target as the evidence quotes it: printable, at most 60 characters. */
    private static String clip(String target) {
        return io.hopsniff.report.TerminalText.clip(target, 60);
    }
}
