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
 * {@link #MAX_SERVERS} servers, {@link #MAX_HOSTS} distinct Hosts each (more are not counted). Collected once per
 * exchange on the decoding path, so it compares the Host a request already holds and builds nothing per exchange.
 */
final class PlainHosts {

    static final int MAX_SERVERS = 1024;
    static final int MAX_HOSTS = 8;

    private final Map<Endpoint, Tally> byServer = new HashMap<>();

    /** Counts a plain exchange that was answered. */
    void add(Endpoint server, HttpExchange x) {
        HttpResponse r = x.response();
        String host = x.request().fields().first("Host");
        if (host == null) {
            host = x.request().fields().first(":authority");
        }
        boolean answered = r.status() < 400;
        boolean refused = r.status() == 400 && refusedByStarlette(r);
        if (host == null || !answered && !refused) {
            return;
        }
        Tally t = byServer.get(server);
        if (t == null) {
            if (byServer.size() >= MAX_SERVERS) {
                return;
            }
            t = new Tally();
            byServer.put(server, t);
        }
        t.add(host.trim(), answered, refused ? x.id() : 0, refused ? x.request().method() + " " + x.request().target()
                : null);
    }

    private static boolean refusedByStarlette(HttpResponse r) {
        String body = Handshakes.body(r);
        return body != null && body.startsWith(HostRejectedRule.STARLETTE_TEXT);
    }

    /** A copy by server address ("127.0.0.1:12656"), for the facts. */
    Map<String, Tally> snapshot() {
        Map<String, Tally> out = new HashMap<>();
        byServer.forEach((k, v) -> out.put(k.toString(), v.copy()));
        return out;
    }

    /** One server's Hosts, in the order first seen. */
    static final class Tally {
        private String[] hosts = new String[MAX_HOSTS];
        private long[] answered = new long[MAX_HOSTS];
        /** The first request refused with Starlette's text, per Host: "tx3 GET /api/status", or null. */
        private String[] refused = new String[MAX_HOSTS];
        private int n;

        private void add(String host, boolean ok, long tx, String request) {
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
                refused[i] = "tx" + tx + " " + request;
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
        String refusedWithText(String host) {
            for (int i = 0; i < n; i++) {
                if (hosts[i].equalsIgnoreCase(host)) {
                    return refused[i];
                }
            }
            return null;
        }
    }
}
