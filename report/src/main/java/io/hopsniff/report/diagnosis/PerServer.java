package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.tcp.Endpoint;
import java.util.Map;
import java.util.function.Supplier;

/** What the diagnosis tallies by server endpoint, in a map that holds at most a fixed number of servers. */
final class PerServer {

    private PerServer() {
    }

    /** The tally of {@code server}, made with {@code fresh} if it has none yet; null when the map already holds {@code max}. */
    static <T> T tally(Map<Endpoint, T> byServer, Endpoint server, int max, Supplier<T> fresh) {
        T t = byServer.get(server);
        if (t == null && byServer.size() < max) {
            t = fresh.get();
            byServer.put(server, t);
        }
        return t;
    }
}
