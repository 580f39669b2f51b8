package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores how well a front exchange explains a backend exchange, signal by signal. Each signal adds or removes
 * points and names itself in the reason; a few rule a pair out (the backend request started first, another
 * method, an X-Real-Ip port or request id that names another client). Pure.
 */
final class Signals {

    /**
     * Both legs are timestamped by one capture clock, so causality holds exactly; this little slack only absorbs
     * timestamp rounding (microsecond pcap files) and per-interface delivery order on {@code any}.
     */
    static final long SKEW_NANOS = 100_000L;
    /** Below this a pair is not a match. */
    static final double THRESHOLD = 0.3;

    private static final List<String> REQUEST_IDS = List.of("x-request-id", "x-correlation-id", "request-id");

    private Signals() {
    }

    /** A score and the signals behind it. */
    record Score(double points, List<String> reasons) {
        String reason() {
            return String.join(", ", reasons);
        }
    }

    /** The score of {@code front} as the cause of {@code backend}, or null when it cannot be. */
    static Score score(LegExchange backend, LegExchange front) {
        if (!backend.method().equals(front.method()) || !nested(backend, front)) {
            return null;
        }
        List<String> why = new ArrayList<>();
        double points = 0.25;
        why.add("nested in time (+" + millis(backend.requestFirst() - front.requestFirst()) + " ms)");
        points += target(backend.target(), front.target(), why);
        Double realIp = realIp(backend.header("X-Real-Ip"), front.client(), why);
        if (realIp == null) {
            return null;
        }
        points += realIp;
        String xff = lastElement(backend.header("X-Forwarded-For"));
        if (xff != null) {
            boolean same = sameAddress(xff, front.client().address());
            why.add(same ? "X-Forwarded-For = front client address" : "X-Forwarded-For " + xff + " is another client");
            points += same ? 0.1 : -0.4;
        }
        String forwardedHost = backend.header("X-Forwarded-Host");
        String host = front.header("Host");
        if (forwardedHost != null && host != null) {
            boolean same = forwardedHost.trim().equalsIgnoreCase(host.trim());
            why.add(same ? "X-Forwarded-Host = front Host" : "X-Forwarded-Host differs from front Host");
            points += same ? 0.05 : -0.2;
        }
        String proto = backend.header("X-Forwarded-Proto");
        if (proto != null && proto.trim().equalsIgnoreCase("https")) {
            why.add("X-Forwarded-Proto https but the front request was cleartext");
            points -= 0.2;
        }
        Double ids = requestIds(backend, front, why);
        if (ids == null) {
            return null;
        }
        points += ids;
        String key = backend.header("Sec-WebSocket-Key");
        if (key != null && key.equals(front.header("Sec-WebSocket-Key"))) {
            why.add("same Sec-WebSocket-Key");
            points += 0.3;
        }
        int kept = keptHeaders(backend, front);
        if (!front.headers().isEmpty()) {
            points += 0.1 * kept / front.headers().size();
            why.add(kept + "/" + front.headers().size() + " front headers passed on unchanged");
        }
        points += 0.05 / (1 + (backend.requestFirst() - front.requestFirst()) / 1e6);
        return new Score(points, why);
    }

    /** The backend request starts after the front one, and its answer ends before the front answer ends. */
    static boolean nested(LegExchange backend, LegExchange front) {
        if (backend.requestFirst() + SKEW_NANOS < front.requestFirst()) {
            return false;
        }
        return !front.answered() || !backend.answered()
                || backend.responseLast() <= front.responseLast() + SKEW_NANOS;
    }

    private static double target(String backend, String front, List<String> why) {
        if (backend.equals(front)) {
            why.add("same target");
            return 0.25;
        }
        if (front.endsWith(backend) && backend.startsWith("/")) {
            why.add("target rewritten: prefix '" + front.substring(0, front.length() - backend.length()) + "' stripped");
            return 0.15;
        }
        if (backend.endsWith(front) && front.startsWith("/")) {
            why.add("target rewritten: prefix '" + backend.substring(0, backend.length() - front.length()) + "' added");
            return 0.15;
        }
        if (!backend.startsWith("/") && !front.startsWith("/") && !backend.contains("://")
                && Matcher.hostOnly(backend).equals(Matcher.hostOnly(front))) {
            // CONNECT's authority-form: a proxy that rewrites Host ("header_up Host {host}") drops the port
            why.add("same authority host, port " + (backend.length() < front.length() ? "dropped" : "changed"));
            return 0.15;
        }
        why.add("target differs");
        return -0.25;
    }

    /**
     * Caddy's {@code header_up X-Real-IP {remote}} sends {@code ip:port}: the port names the exact front
     * connection. Null rules the pair out (another client's port).
     */
    static Double realIp(String value, Endpoint client, List<String> why) {
        if (value == null || value.isBlank()) {
            return 0.0;
        }
        Endpoint e = endpoint(value.trim());
        if (e != null) {
            if (sameAddress(e.address(), client.address()) && e.port() == client.port()) {
                why.add("X-Real-Ip " + value.trim() + " = front client");
                return 0.45;
            }
            return null;
        }
        boolean same = sameAddress(value.trim(), client.address());
        why.add(same ? "X-Real-Ip = front client address" : "X-Real-Ip is another client");
        return same ? 0.1 : -0.4;
    }

    private static Double requestIds(LegExchange backend, LegExchange front, List<String> why) {
        double points = 0;
        for (String name : REQUEST_IDS) {
            String b = backend.header(name);
            String f = front.header(name);
            if (b != null && f != null) {
                if (!b.trim().equals(f.trim())) {
                    return null;
                }
                why.add("same " + name);
                points += 0.5;
            }
        }
        String b = traceId(backend.header("traceparent"));
        String f = traceId(front.header("traceparent"));
        if (b != null && f != null) {
            if (!b.equals(f)) {
                return null;
            }
            why.add("same traceparent trace-id");
            points += 0.5;
        }
        return points;
    }

    /** The trace-id of a W3C traceparent ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or null. */
    static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.trim().split("-");
        return parts.length >= 3 && parts[1].length() == 32 ? parts[1].toLowerCase(Locale.ROOT) : null;
    }

    private static int keptHeaders(LegExchange backend, LegExchange front) {
        int n = 0;
        for (var h : front.headers()) {
            for (var g : backend.headers()) {
                if (g.name().equalsIgnoreCase(h.name()) && g.value().equals(h.value())) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** {@code 1.2.3.4:5}, {@code [::1]:5} as an endpoint; null for a bare address. */
    static Endpoint endpoint(String text) {
        try {
            if (text.startsWith("[")) {
                int close = text.indexOf("]:");
                return close < 0 ? null : new Endpoint(text.substring(1, close), Integer.parseInt(text.substring(close + 2)));
            }
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                return null; // bare IPv4, or a bare IPv6 address
            }
            return new Endpoint(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The last element of a comma-separated list field (X-Forwarded-For: the peer the proxy saw), trimmed. */
    static String lastElement(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.lastIndexOf(',');
        return value.substring(comma + 1).trim();
    }

    static boolean sameAddress(String a, String b) {
        String x = a.trim();
        String y = b.trim();
        if (x.startsWith("[") && x.endsWith("]")) {
            x = x.substring(1, x.length() - 1);
        }
        return x.equalsIgnoreCase(y);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
