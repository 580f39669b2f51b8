package io.hopsniff.decoder.http;

import io.hopsniff.decoder.tcp.HeapPressure;

/**
 * A count over all the connections of a run, with a limit: pipelined HTTP/1 requests waiting for their responses,
 * open HTTP/2 streams. Each connection bounds its own (--max-pending-requests, --max-h2-streams), but thousands of
 * connections each at its own bound ran the heap out of memory; past the run's limit a connection gives up its
 * oldest, as at its own. Each connection's first one is not counted: one request or stream at a time per
 * connection is what proxies send, and --max-connections bounds those. A connection counts through its
 * {@link Share}.
 */
public final class RunCount {

    private int limit;
    /** What is counted, as the anomaly's detail says it: "waiting", "open". */
    private final String what;
    private int count;

    public RunCount(int limit, String what) {
        this.limit = limit;
        this.what = what;
    }

    /** No limit (tests and tools that decode one small capture). */
    public static RunCount unlimited() {
        return new RunCount(Integer.MAX_VALUE, "counted");
    }

    /** The detail of an anomaly the run's limit caused: {@code limit_all=20000 (waiting on all connections together)}. */
    public String limitDetail() {
        return "limit_all=" + limit + " (" + what + " on all connections together)";
    }

    /** The heap is nearly full (TCP_MEMORY_LIMIT): halves the limit, down to its floor (never up). */
    public int tighten() {
        limit = (int) HeapPressure.halved(limit, HeapPressure.FLOOR_COUNT);
        return limit;
    }

    /** Counted now (0 once every connection has ended). */
    public int count() {
        return count;
    }

    /** A new connection's part of the count. */
    public Share share() {
        return new Share();
    }

    /** One connection's part of the count: those of its own beyond its first. */
    public final class Share {
        private int counted;

        private Share() {
        }

        /**
         * Before one more joins the {@code present} the connection has: true when it may (counted unless it is the
         * first); false at the run's limit, when the connection gives up its oldest and asks again.
         */
        public boolean admit(int present) {
            if (present == 0) {
                return true;
            }
            if (count >= limit) {
                return false;
            }
            count++;
            counted++;
            return true;
        }

        /** After some left, {@code present} remaining: gives back what the connection no longer holds. */
        public void settle(int present) {
            int beyondFirst = Math.max(0, present - 1);
            if (counted > beyondFirst) {
                count -= counted - beyondFirst;
                counted = beyondFirst;
            }
        }
    }
}
