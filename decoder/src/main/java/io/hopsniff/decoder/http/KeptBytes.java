package io.hopsniff.decoder.http;

import io.hopsniff.decoder.tcp.HeapPressure;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's budget for payload bytes kept in memory ({@code --max-kept-bytes}): HTTP/1 and HTTP/2 body prefixes
 * while their message is in flight, WebSocket messages kept until their session ends. {@code --body-bytes} and
 * {@code --ws-payload-bytes} bound one message; this bounds them all together, so thousands of connections each
 * with a large body in flight cannot exhaust the heap. A buffer charges what it allocates as it grows and gives it
 * back when its bytes leave the decoder in a record; a buffer that finds the budget spent keeps what it has, and
 * the message is flagged {@code KEPT_BYTES_LIMIT}.
 *
 * <p>Atomic, because decoders of different connections may one day run on different threads; the cost is one
 * compare-and-set per growth of a buffer (buffers double), not per byte.
 */
public final class KeptBytes {

    /**
     * Default budget: a fifth of the launcher's 176 MiB heap. Kept bytes cost more than once on their way out (the
     * record's text, its JSON), and a finished session's record may wait for the writer while new ones fill.
     */
    public static final long DEFAULT_LIMIT = 32L << 20;

    private volatile long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public KeptBytes(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        this.limit = limit;
    }

    /** A budget nothing exhausts (tests and tools that decode one small capture). */
    public static KeptBytes unlimited() {
        return new KeptBytes(Long.MAX_VALUE);
    }

    /** Takes {@code n} bytes from the budget if they are there; false (and counted) if not. */
    public boolean take(long n) {
        while (true) {
            long u = used.get();
            if (n > limit - u) {
                refused.incrementAndGet();
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    /**
     * The heap is nearly full (TCP_MEMORY_LIMIT): halves the budget, down to its floor (never up). Bytes held stay
     * held; new ones are refused until enough are given back.
     */
    public long tighten() {
        limit = HeapPressure.halved(limit, HeapPressure.FLOOR_BYTES);
        return limit;
    }

    /** Gives back {@code n} bytes taken before. */
    public void give(long n) {
        used.addAndGet(-n);
    }

    /** How a refusal is named in an anomaly's detail: {@code kept_bytes_limit=33554432 (spent by all connections together)}. */
    public String noRoom() {
        return "kept_bytes_limit=" + limit + " (spent by all connections together)";
    }

    public long limit() {
        return limit;
    }

    /** Bytes held now; 0 once every kept message has left the decoder. */
    public long used() {
        return used.get();
    }

    /** How many times a buffer wanted to grow and the budget said no. */
    public long refused() {
        return refused.get();
    }
}
