package io.hopsniff.decoder.http1;

/**
 * Requests waiting for their responses beyond the first of each connection (pipelining), counted over all the
 * connections of a run. One connection may have up to {@code --max-pending-requests} waiting, and 2 000
 * connections with 1 000 unanswered requests each ran the 176 MiB heap out of memory. Past the limit in all, a
 * connection gives up its oldest waiting request, as at its own limit. Proxies send one request at a time on a
 * connection (browsers and Caddy do not pipeline), and that one waits for free.
 */
public final class WaitingRequests {

    /** About 20-30 MB of waiting requests with their fields; real pipelining comes nowhere near it. */
    public static final int DEFAULT_LIMIT = 20_000;

    private final int limit;
    private int waiting;

    public WaitingRequests(int limit) {
        this.limit = limit;
    }

    /** No bound (tests and tools that decode one small capture). */
    public static WaitingRequests unlimited() {
        return new WaitingRequests(Integer.MAX_VALUE);
    }

    /** Counts one more waiting request; false when the limit is reached. */
    boolean take() {
        if (waiting >= limit) {
            return false;
        }
        waiting++;
        return true;
    }

    void give(int n) {
        waiting -= n;
    }

    int limit() {
        return limit;
    }

    /** Requests counted now (0 once every connection has ended). */
    public int waiting() {
        return waiting;
    }
}
