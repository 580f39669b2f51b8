package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.tcp.Endpoint;
import java.util.HashMap;
import java.util.Map;

/**
 * Plain requests (no Upgrade field) whose Connection field names the "upgrade" option, by server, and how many
 * were refused: what {@link PlainRequestsAsUpgradeRule} reads, since plain exchanges are not kept. A proxy that
 * sets Connection: upgrade on everything marks every plain request, so they are counted, never kept: per server
 * the first refused one is quoted, as the evidence already words it (redacted). Also counted: plain requests with
 * no upgrade token at all that got uvicorn's answer to an upgrade it cannot serve ({@link #refusedAsUpgrade}): on
 * the client's leg of such a proxy the mark is added after the capture point. Bounded: {@link #MAX_SERVERS}
 * servers, the rest not counted.
 */
final class UpgradeTokens {

    static final int MAX_SERVERS = 256;

    private final Map<Endpoint, Tally> byServer = new HashMap<>();

    /** True when a request with no Upgrade field names the upgrade option in Connection (RFC 9110 §7.6.1, §7.8). */
    static boolean marked(HttpRequest r) {
        return r.fields().hasToken("Connection", "upgrade") && r.fields().first("Upgrade") == null;
    }

    /**
     * uvicorn's 400 "Unsupported upgrade request.", its answer to a request it takes for an upgrade it cannot serve
     * (0.17.6 h11_impl.py handle_upgrade): no other server words a refusal so.
     */
    static boolean refusedAsUpgrade(HttpExchange x) {
        if (x.response() == null || x.response().status() != 400) {
            return false;
        }
        String body = Handshakes.body(x.response());
        return body != null && body.startsWith("Unsupported upgrade request");
    }

    /** Counts a plain exchange that {@link #marked} its request; quotes the first one per server that was refused. */
    void add(Endpoint server, HttpExchange x, Evidence evidence) {
        Tally t = PerServer.tally(byServer, server, MAX_SERVERS, Tally::new);
        if (t == null) {
            return;
        }
        t.marked++;
        if (x.response() != null && x.response().status() >= 400) {
            t.refused++;
            if (t.first == null) {
                t.first = refused(x, evidence);
            }
        }
    }

    /** Counts a plain exchange with no upgrade token that was nonetheless {@link #refusedAsUpgrade refused as one}. */
    void addUnmarked(Endpoint server, HttpExchange x, Evidence evidence) {
        Tally t = PerServer.tally(byServer, server, MAX_SERVERS, Tally::new);
        if (t == null) {
            return;
        }
        t.unmarkedRefused++;
        if (t.firstUnmarked == null) {
            t.firstUnmarked = refused(x, evidence);
        }
    }

    private static Refused refused(HttpExchange x, Evidence evidence) {
        return new Refused(x.id(), x.connectionId(), evidence.request(x.request()), evidence.status(x.response()));
    }

    /** A copy by server address ("127.0.0.1:12656"), for the facts. */
    Map<String, Tally> snapshot() {
        Map<String, Tally> out = new HashMap<>();
        byServer.forEach((k, v) -> out.put(k.toString(), new Tally(v.marked, v.refused, v.first, v.unmarkedRefused,
                v.firstUnmarked)));
        return out;
    }

    /** The first refused request as the evidence words it: "GET /api/status", "400 'Unsupported upgrade request.'". */
    record Refused(long tx, long connection, String request, String answer) {
    }

    /**
     * One server's marked plain requests: how many, how many refused, the first refused; and its unmarked plain
     * requests refused as upgrades, with the first of them.
     */
    static final class Tally {
        long marked;
        long refused;
        Refused first;
        long unmarkedRefused;
        Refused firstUnmarked;

        Tally() {
        }

        Tally(long marked, long refused, Refused first, long unmarkedRefused, Refused firstUnmarked) {
            this.marked = marked;
            this.refused = refused;
            this.first = first;
            this.unmarkedRefused = unmarkedRefused;
            this.firstUnmarked = firstUnmarked;
        }
    }
}
