package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Relays by a proxy that marks nothing it forwards (nginx adds no X-Forwarded-* field unless told to, nor does
 * HAProxy without {@code option forwardfor}): {@link LegInference}'s pairs for requests without forwarding fields.
 * One pair shows the relay itself ({@link #relayed}); a backend server is placed behind the proxy only when most of
 * the requests it got from a host that serves too were such relays (two in three), so that a client on a server's
 * host that asks two servers the same thing now and then does not make one the other's proxy. Pure, single-use.
 */
final class UnmarkedRelays {

    /** A pair found: the front exchange's server, the backend's, and the evidence line. */
    record Pair(Endpoint front, Endpoint backend, String evidence) {
    }

    private final Set<String> serving = new HashSet<>();
    private final Map<Endpoint, Integer> examined = new LinkedHashMap<>();
    private final Map<Endpoint, List<Pair>> pairs = new LinkedHashMap<>();

    UnmarkedRelays(List<LegExchange> exchanges) {
        for (LegExchange e : exchanges) {
            if (e.server() != null) {
                serving.add(hostKey(e.server().address()));
            }
        }
    }

    /**
     * Whether an unmarked request is worth scoring: it came from a host that serves too (a proxy's). In a capture of
     * many servers and their own clients nothing else is scored. Counts it for its server when it is.
     */
    boolean examine(LegExchange b) {
        if (b.client() == null || !serving.contains(hostKey(b.client().address()))) {
            return false;
        }
        examined.merge(b.server(), 1, Integer::sum);
        return true;
    }

    /**
     * Whether {@code b}, which carries no forwarding field, shows itself {@code f}'s forwarded copy: the upstream
     * connection came from the proxy's own host ({@link #fromProxyHost}), and the backend's answer began before the
     * front answer began and has its status: the proxy waited for it and passed it on.
     */
    static boolean relayed(LegExchange b, LegExchange f) {
        return b.client() != null && fromProxyHost(b, f)
                && b.answered() && f.answered() && b.status() == f.status()
                && b.responseFirst() <= f.responseFirst() + Signals.SKEW_NANOS;
    }

    /**
     * The upstream connection came from the address the client reached the other server at, or never left the
     * capture's host (loopback to loopback, or from the server's own address): a proxy on the backend's host
     * listens on the host's LAN address and dials {@code 127.0.0.1:12656} (nginx's {@code proxy_pass} as most
     * write it), so its copies come from 127.0.0.1, not from where its clients reach it; that host is the one
     * captured, since loopback traffic is seen nowhere else.
     */
    private static boolean fromProxyHost(LegExchange b, LegExchange f) {
        String client = b.client().address();
        if (Signals.sameAddress(client, f.server().address())) {
            return true;
        }
        return loopback(client) && loopback(b.server().address()) || Signals.sameAddress(client, b.server().address());
    }

    /** Where a relayed copy came from, for the evidence: "10.0.0.1", or "127.0.0.1 (within the captured host)". */
    static String origin(LegExchange b, LegExchange f) {
        String client = b.client().address();
        return Signals.sameAddress(client, f.server().address()) ? client : client + " (within the captured host)";
    }

    /** 127.0.0.0/8, ::1, or 127.x.y.z mapped into IPv6 (RFC 4291 §2.5.5.2), as hopsniff writes addresses. */
    static boolean loopback(String address) {
        String a = hostKey(address);
        return a.startsWith("127.") || a.equals("::1") || a.startsWith("::ffff:127.");
    }

    void pair(LegExchange b, LegExchange f, String evidence) {
        pairs.computeIfAbsent(b.server(), k -> new ArrayList<>()).add(new Pair(f.server(), b.server(), evidence));
    }

    /** The pairs of every backend server for which at least two in three of the requests examined were relays. */
    List<Pair> consistent() {
        List<Pair> out = new ArrayList<>();
        pairs.forEach((server, found) -> {
            if (found.size() * 3L >= examined.getOrDefault(server, 0) * 2L) {
                out.addAll(found);
            }
        });
        return out;
    }

    /** An address as {@link Signals#sameAddress} compares it: without IPv6 brackets, in lower case. */
    private static String hostKey(String address) {
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.toLowerCase(Locale.ROOT);
    }
}
