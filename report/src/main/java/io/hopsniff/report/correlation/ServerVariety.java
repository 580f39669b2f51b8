package io.hopsniff.report.correlation;

import io.hopsniff.decoder.tcp.Endpoint;
import java.util.List;

/**
 * What {@link LegInference} asks first, whether there can be legs at all: do the exchanges name two server
 * endpoints (or a failed connection attempt a server other than theirs), or was any response relayed? Kept as the
 * exchanges arrive ({@link Correlator}), so the end of a run answers it without walking every kept exchange again:
 * on the benchmark's 1 GiB capture that walk, cold code on the main thread after the decoding, took 30-40 ms.
 */
final class ServerVariety {
    private Endpoint first;
    private boolean twoServers;
    private boolean relayed;

    /** Everything {@code exchanges} tells, as if each had been {@link #add added}. */
    static ServerVariety of(List<LegExchange> exchanges) {
        ServerVariety v = new ServerVariety();
        for (LegExchange e : exchanges) {
            v.add(e);
        }
        return v;
    }

    void add(LegExchange e) {
        Endpoint server = e.server();
        if (server != null) {
            if (first == null) {
                first = server;
            } else if (!twoServers && !first.equals(server)) {
                twoServers = true;
            }
        }
        if (!relayed && (ProxySignatures.relayed(e) != null || ProxySignatures.gatewayError(e) != null)) {
            relayed = true;
        }
    }

    /** Two server endpoints among the exchanges added and {@code failedAttempts}, or a relayed response. */
    boolean varied(List<LegConnection> failedAttempts) {
        if (twoServers || relayed) {
            return true;
        }
        for (LegConnection c : failedAttempts) {
            if (c.server() != null && first != null && !first.equals(c.server())) {
                return true;
            }
        }
        return false;
    }
}
