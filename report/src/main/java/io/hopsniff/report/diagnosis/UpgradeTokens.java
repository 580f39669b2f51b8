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
 * the first refused one is quoted, as the evidence already words it (redacted). Bounded: {@link #MAX_SERVERS}
 * servers, the rest not counted.
 */
final class UpgradeTokens {

    static final int MAX_SERVERS = 256;

    private final Map<Endpoint, Tally> byServer = new HashMap<>();

    /** True when a request with no Upgrade field names the upgrade option in Connection (RFC 9110 §7.6.1, §7.8). */
    static boolean marked(HttpRequest r) {
        return r.fields().hasToken("Connection", "upgrade") && r.fields().first("Upgrade") == null;
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
                t.first = new Refused(x.id(), x.connectionId(), evidence.request(x.request()),
                        evidence.status(x.response()));
            }
        }
    }

    /** A copy by server address ("127.0.0.1:12656"), for the facts. */
    Map<String, Tally> snapshot() {
        Map<String, Tally> out = new HashMap<>();
        byServer.forEach((k, v) -> out.put(k.toString(), new Tally(v.marked, v.refused, v.first)));
        return out;
    }

    /** The first refused request as the evidence words it: "GET /api/status", "400 'Unsupported upgrade request.'". */
    record Refused(long tx, long connection, String request, String answer) {
    }

    /** One server's marked plain requests: how many, how many refused, the first refused. */
    static final class Tally {
        long marked;
        long refused;
        Refused first;

        Tally() {
        }

        Tally(long marked, long refused, Refused first) {
            this.marked = marked;
            this.refused = refused;
            this.first = first;
        }
    }
}
