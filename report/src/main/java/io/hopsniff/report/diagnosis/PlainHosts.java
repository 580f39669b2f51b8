package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.tcp.Endpoint;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Hosts that plain requests (no upgrade) named, by server, and how the server answered them: what
 * {@link HostRejectedRule} compares a refused WebSocket's Host with, since plain exchanges are not kept. Bounded:
 * {@link #MAX_SERVERS} servers, {@link #MAX_HOSTS} distinct Hosts each (more are not counted), each at most
 * {@link #MAX_HOST_CHARS} characters (a longer one is no name a Host check allows, and is not counted: a head may be
 * 64 KiB, and 1 024 x 8 of those would hold half a gigabyte). Collected once per exchange on the decoding path, so
 * it compares the Host a request already holds and builds nothing per exchange. The target of a refused request is
 * kept as sent (clipped): the rule quotes it through the report's redactor.
 */
final class PlainHosts {

    static final int MAX_SERVERS = 1024;
    static final int MAX_HOSTS = 8;
    /** A DNS name (253) with a port and brackets fits. */
    static final int MAX_HOST_CHARS = 300;
    /** The refused request's target as quoted, at most this long. */
    private static final int MAX_TARGET_CHARS = 120;

    private final Map<Endpoint, Tally> byServer = new HashMap<>();

    /** Counts a plain exchange that was answered. */
    void add(Endpoint server, HttpExchange x) {
        HttpResponse r = x.response();
        String host = HostRejectedRule.host(x.request());
        boolean answered = r.status() < 400;
        boolean refused = HostRejectedRule.starlettesRefusal(r);
        if (host == null || host.length() > MAX_HOST_CHARS || !answered && !refused) {
            return;
        }
        Tally t = PerServer.tally(byServer, server, MAX_SERVERS, Tally::new);
        if (t == null) {
            return;
        }
        t.add(host.trim(), answered, refused ? new Refused(x.id(), clip(x.request().method()),
                clip(x.request().target())) : null);
    }

    private static String clip(String s) {
        return s.length() <= MAX_TARGET_CHARS ? s : s.substring(0, MAX_TARGET_CHARS - 1) + "…";
    }

    /** A copy by server address ("127.0.0.1:12656"), for the facts. */
    Map<String, Tally> snapshot() {
        Map<String, Tally> out = new HashMap<>();
        byServer.forEach((k, v) -> out.put(k.toString(), v.copy()));
        return out;
    }

    /** The first plain request refused with Starlette's text for a Host; target as sent, to be redacted. */
    record Refused(long tx, String method, String target) {
    }

    /** One server's Hosts, in the order first seen. */
    static final class Tally {
        private String[] hosts = new String[MAX_HOSTS];
        private long[] answered = new long[MAX_HOSTS];
        /** The first request refused with Starlette's text, per Host, or null. */
        private Refused[] refused = new Refused[MAX_HOSTS];
        private int n;

        private void add(String host, boolean ok, Refused request) {
            int i = 0;
            while (i < n && !hosts[i].equals(host)) {
                i++;
            }
            if (i == n) {
                if (n == MAX_HOSTS) {
                    return;
                }
                hosts[n++] = host;
            }
            if (ok) {
                answered[i]++;
            } else if (refused[i] == null) {
                refused[i] = request;
            }
        }

        private Tally copy() {
            Tally t = new Tally();
            t.hosts = Arrays.copyOf(hosts, MAX_HOSTS);
            t.answered = Arrays.copyOf(answered, MAX_HOSTS);
            t.refused = Arrays.copyOf(refused, MAX_HOSTS);
            t.n = n;
            return t;
        }

        /** Hosts answered below 400, as sent, with counts. */
        Map<String, Long> answered() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                if (answered[i] > 0) {
                    out.put(hosts[i], answered[i]);
                }
            }
            return out;
        }

        /** The first plain request with exactly this Host refused with Starlette's text, or null. */
        Refused refusedWithText(String host) {
            for (int i = 0; i < n; i++) {
                if (hosts[i].equalsIgnoreCase(host)) {
                    return refused[i];
                }
            }
            return null;
        }
    }
}
