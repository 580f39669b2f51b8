package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which leg each server endpoint is on, and how that was decided: {@code declared} by {@code --front} (the
 * endpoints it names are the proxy's front leg, every other one the backend leg), {@code inferred} from the
 * capture by {@link LegInference} (endpoints it cannot place are on no leg), or {@code none} (no proxy hop in
 * sight: every exchange is judged as today, as if on the backend leg). Immutable.
 */
public final class LegMap {

    /** How the legs were decided, as in the report's {@code legs.decided}. */
    public enum Decided {
        DECLARED, INFERRED, NONE;

        public String reportName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final LegMap NONE = new LegMap(Decided.NONE, Legs.none(), Set.of(), Set.of(), List.of());
    /** Endpoints listed per leg in the report. */
    static final int MAX_LISTED = 16;

    private final Decided decided;
    private final Legs declared;
    private final Set<String> front;
    private final Set<String> backend;
    private final List<String> evidence;

    private LegMap(Decided decided, Legs declared, Set<String> front, Set<String> backend, List<String> evidence) {
        this.decided = decided;
        this.declared = declared;
        this.front = Set.copyOf(front);
        this.backend = Set.copyOf(backend);
        this.evidence = List.copyOf(evidence);
    }

    public static LegMap none() {
        return NONE;
    }

    /** From {@code --front}; {@link #none()} when it names nothing. */
    public static LegMap declared(Legs legs) {
        if (!legs.enabled()) {
            return NONE;
        }
        List<String> why = new ArrayList<>();
        legs.fronts().forEach(s -> why.add("--front " + s));
        return new LegMap(Decided.DECLARED, legs, Set.of(), Set.of(), why);
    }

    static LegMap inferred(Set<String> front, Set<String> backend, List<String> evidence) {
        return front.isEmpty() ? NONE : new LegMap(Decided.INFERRED, Legs.none(), front, backend, evidence);
    }

    public Decided decided() {
        return decided;
    }

    /** Whether there are legs at all (declared or inferred). */
    public boolean enabled() {
        return decided != Decided.NONE;
    }

    /** The leg of a connection whose server side is {@code server}; null when there are no legs or it is on none. */
    public Leg of(Endpoint server) {
        if (server == null) {
            return null;
        }
        return switch (decided) {
            case DECLARED -> declared.of(server);
            case INFERRED -> of(server.toString());
            case NONE -> null;
        };
    }

    /** The same for an endpoint written as in the report ({@code 1.2.3.4:80}, {@code [::1]:80}). */
    public Leg of(String server) {
        if (server == null) {
            return null;
        }
        return switch (decided) {
            case DECLARED -> declared.of(Signals.endpoint(server));
            case INFERRED -> front.contains(server) ? Leg.FRONT : backend.contains(server) ? Leg.BACKEND : null;
            case NONE -> null;
        };
    }

    public List<String> evidence() {
        return evidence;
    }

    /** The report's {@code legs} section: the servers seen on each leg (from {@code servers}, first seen first). */
    public LegsJson json(Map<String, Long> servers) {
        Set<String> f = new TreeSet<>();
        Set<String> b = new TreeSet<>();
        for (String s : servers.keySet()) {
            Leg leg = of(s);
            if (leg == Leg.FRONT && f.size() < MAX_LISTED) {
                f.add(s);
            } else if (leg == Leg.BACKEND && b.size() < MAX_LISTED) {
                b.add(s);
            }
        }
        if (decided == Decided.INFERRED) {
            front.stream().sorted().limit(MAX_LISTED - f.size()).forEach(f::add);
            backend.stream().sorted().limit(MAX_LISTED - b.size()).forEach(b::add);
        }
        return new LegsJson(decided.reportName(), List.copyOf(f), List.copyOf(b), evidence);
    }
}
