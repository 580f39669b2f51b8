package io.hopsniff.decoder.tcp;

/**
 * Budgets of the TCP stage. Hitting one is a finding (TCP_CONNECTION_LIMIT, TCP_REASSEMBLY_LIMIT,
 * TCP_IDLE_TIMEOUT), never an OutOfMemoryError.
 *
 * @param maxConnections               connections tracked at once (open ones plus recently closed ones kept to
 *                                     absorb trailing packets); over it the least recently active is evicted
 * @param maxBufferedBytesPerDirection out-of-order bytes held per direction while waiting for a hole to fill
 * @param idleTimeoutNanos             capture time without a packet after which an open connection is ended
 * @param maxBufferedBytesTotal        out-of-order bytes held by all connections together: the per-direction
 *                                     budget times the connection limit would be far more than a host can give
 */
public record TcpLimits(int maxConnections, int maxBufferedBytesPerDirection, long idleTimeoutNanos,
                        long maxBufferedBytesTotal) {

    /**
     * 50 000 connections, 1 MiB per direction, 300 s idle, 48 MiB buffered in all: with the kept-bytes budget and
     * 50 000 ordinary connections' state it fits the launcher's 176 MiB heap; a flood that fills every bound at once
     * grows the heap (docs/limits.md), and past that the heap watch lowers them ({@link HeapPressure}).
     */
    public static final TcpLimits DEFAULTS = new TcpLimits(50_000, 1 << 20, 300_000_000_000L, 48L << 20);

    /** Limits with the default total budget. */
    public TcpLimits(int maxConnections, int maxBufferedBytesPerDirection, long idleTimeoutNanos) {
        this(maxConnections, maxBufferedBytesPerDirection, idleTimeoutNanos, DEFAULT_TOTAL);
    }

    private static final long DEFAULT_TOTAL = 48L << 20;

    public TcpLimits {
        if (maxBufferedBytesTotal < 0) {
            throw new IllegalArgumentException("maxBufferedBytesTotal must not be negative");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxBufferedBytesPerDirection < 0) {
            throw new IllegalArgumentException("maxBufferedBytesPerDirection must not be negative");
        }
        if (idleTimeoutNanos <= 0) {
            throw new IllegalArgumentException("idleTimeoutNanos must be positive");
        }
    }
}
