package io.hopsniff.report.correlation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pairs each backend exchange with the front exchange that caused it: every plausible pair is scored
 * ({@link Signals}), then pairs are taken best first, each exchange at most once. Backend exchanges left over are
 * tried against TLS front connections by time. Pure.
 */
public final class Matcher {

    /** Front requests started this long before a backend request are still candidates (long uploads, slow proxies). */
    static final long WINDOW_NANOS = 300_000_000_000L;
    /** At most this many front exchanges are scored per backend exchange (the latest ones before it). */
    static final int MAX_CANDIDATES = 512;
    /** Two candidates scoring within this of each other are a tie that timing broke. */
    static final double TIE = 0.1;

    private Matcher() {
    }

    /**
     * One match.
     *
     * @param front    the front exchange, or null when the front leg is TLS ({@code tlsFront} is set)
     * @param rivals   other front exchanges that fitted about as well
     */
    public record Match(LegExchange backend, LegExchange front, LegConnection tlsFront, double confidence,
                        String reason, List<Long> rivals) {
    }

    /** What matching found. */
    public record Result(List<Match> matches, List<LegExchange> frontOnly, List<LegExchange> backendOnly) {
    }

    public static Result match(CorrelationFacts facts) {
        List<LegExchange> fronts = new ArrayList<>(facts.front());
        fronts.sort(Comparator.comparingLong(LegExchange::requestFirst).thenComparingLong(LegExchange::id));
        long[] starts = fronts.stream().mapToLong(LegExchange::requestFirst).toArray();
        record Candidate(LegExchange backend, LegExchange front, Signals.Score score) {
        }
        List<Candidate> all = new ArrayList<>();
        Map<Long, List<Candidate>> byBackend = new HashMap<>();
        for (LegExchange b : facts.backend()) {
            int i = upperBound(starts, b.requestFirst() + Signals.SKEW_NANOS);
            for (int seen = 0; --i >= 0 && seen < MAX_CANDIDATES; seen++) {
                LegExchange f = fronts.get(i);
                if (f.requestFirst() < b.requestFirst() - WINDOW_NANOS) {
                    break;
                }
                Signals.Score s = Signals.score(b, f);
                if (s != null && s.points() >= Signals.THRESHOLD) {
                    Candidate c = new Candidate(b, f, s);
                    all.add(c);
                    byBackend.computeIfAbsent(b.id(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        all.sort(Comparator.comparingDouble((Candidate c) -> -c.score().points())
                .thenComparingLong(c -> c.backend().requestFirst() - c.front().requestFirst())
                .thenComparingLong(c -> c.backend().id()));
        Set<Long> usedFront = new HashSet<>();
        Map<Long, Match> matched = new HashMap<>();
        for (Candidate c : all) {
            if (matched.containsKey(c.backend().id()) || usedFront.contains(c.front().id())) {
                continue;
            }
            usedFront.add(c.front().id());
            List<Long> rivals = new ArrayList<>();
            for (Candidate other : byBackend.get(c.backend().id())) {
                if (other.front() != c.front() && other.score().points() > c.score().points() - TIE) {
                    rivals.add(other.front().id());
                }
            }
            double confidence = Math.min(1.0, c.score().points());
            String reason = c.score().reason();
            if (!rivals.isEmpty()) {
                confidence *= 1.0 - 0.5 * rivals.size() / (rivals.size() + 1.0);
                reason += "; ambiguous: " + rivals.size() + " other front request(s) fit about as well, "
                        + "the closest in time and best score won";
            }
            matched.put(c.backend().id(), new Match(c.backend(), c.front(), null, round(confidence), reason,
                    List.copyOf(rivals)));
        }
        List<Match> matches = new ArrayList<>();
        List<LegExchange> backendOnly = new ArrayList<>();
        for (LegExchange b : facts.backend()) {
            Match m = matched.get(b.id());
            if (m == null) {
                m = tls(b, facts.tlsFronts());
            }
            if (m != null) {
                matches.add(m);
            } else if (b.requestFirst() < facts.frontCutoff()) {
                backendOnly.add(b);
            }
        }
        matches.sort(Comparator.comparingLong((Match m) -> m.backend().requestFirst())
                .thenComparingLong(m -> m.backend().id()));
        List<LegExchange> frontOnly = new ArrayList<>();
        for (LegExchange f : facts.front()) {
            if (!usedFront.contains(f.id()) && f.requestFirst() < facts.backendCutoff()) {
                frontOnly.add(f);
            }
        }
        return new Result(matches, frontOnly, backendOnly);
    }

    /**
     * A TLS front connection whose lifetime contains the backend exchange. Without decrypted requests only time
     * (and X-Real-Ip / X-Forwarded-* / SNI where present) can tell; the confidence says so.
     */
    static Match tls(LegExchange b, List<LegConnection> tlsFronts) {
        List<LegConnection> fits = new ArrayList<>();
        LegConnection exact = null;
        String xff = Signals.lastElement(b.header("X-Forwarded-For"));
        String proto = b.header("X-Forwarded-Proto");
        for (LegConnection c : tlsFronts) {
            boolean during = c.first() <= b.requestFirst() + Signals.SKEW_NANOS
                    && (b.responseLast() == 0 || b.responseLast() <= c.last() + Signals.SKEW_NANOS);
            if (!during || xff != null && !Signals.sameAddress(xff, c.client().address())
                    || proto != null && proto.trim().equalsIgnoreCase("http")) {
                continue;
            }
            List<String> why = new ArrayList<>();
            Double realIp = Signals.realIp(b.header("X-Real-Ip"), c.client(), why);
            if (realIp == null) {
                continue;
            }
            if (realIp >= 0.45) {
                exact = c;
            }
            fits.add(c);
        }
        if (fits.isEmpty()) {
            return null;
        }
        LegConnection c = exact != null ? exact : fits.get(fits.size() - 1);
        StringBuilder reason = new StringBuilder("front leg is TLS (not decrypted): matched by time only");
        double confidence;
        if (exact != null) {
            reason.append(", X-Real-Ip ").append(b.header("X-Real-Ip").trim()).append(" = TLS front client");
            confidence = 0.8;
        } else {
            confidence = 0.3 / fits.size();
            if (fits.size() > 1) {
                reason.append(", ").append(fits.size()).append(" TLS front connections were open; the latest opened was chosen");
            }
        }
        String sni = c.tls() == null || c.tls().client() == null ? null : c.tls().client().sni();
        String host = hostOnly(b.header("X-Forwarded-Host") != null ? b.header("X-Forwarded-Host") : b.header("Host"));
        if (sni != null && host != null && sni.equalsIgnoreCase(host)) {
            reason.append(", SNI ").append(sni).append(" = forwarded host");
            confidence = Math.min(1.0, confidence + 0.05);
        }
        if (xff != null) {
            reason.append(", X-Forwarded-For = front client address");
        }
        return new Match(b, null, c, round(confidence), reason.toString(), List.of());
    }

    static String hostOnly(String host) {
        if (host == null) {
            return null;
        }
        String h = host.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(1, close);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h.toLowerCase(Locale.ROOT) : h.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** The index of the first start greater than {@code value}. */
    static int upperBound(long[] starts, long value) {
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
