package io.hopsniff.decoder.http;

/**
 * A count over all the connections of a run, with a limit: pipelined HTTP/1 requests waiting for their responses,
 * open HTTP/2 streams. Each connection bounds its own (--max-pending-requests, --max-h2-streams), but thousands of
 * connections each at its own bound ran the heap out of memory; past the run's limit a connection gives up its
 * oldest, as at its own. Each connection's first one is not counted: one request or stream at a time per
 * connection is what proxies send, and --max-connections bounds those.
 */
public final class RunCount {

    private final int limit;
    private int count;

    public RunCount(int limit) {
        this.limit = limit;
    }

    /** No limit (tests and tools that decode one small capture). */
    public static RunCount unlimited() {
        return new RunCount(Integer.MAX_VALUE);
    }

    /** Counts one more; false when the limit is reached. */
    public boolean take() {
        if (count >= limit) {
            return false;
        }
        count++;
        return true;
    }

    public void give(int n) {
        count -= n;
    }

    public int limit() {
        return limit;
    }

    /** Counted now (0 once every connection has ended). */
    public int count() {
        return count;
    }
}
