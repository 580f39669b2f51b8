package io.hopsniff.decoder.tcp;

/**
 * Budgets of the TCP stage. Hitting one is a finding (TCP_CONNECTION_LIMIT, TCP_REASSEMBLY_LIMIT,
 * TCP_IDLE_TIMEOUT), never an OutOfMemoryError.
 *
 * @param maxConnections               connections tracked at once (open ones plus recently closed ones kept to
 *                                     absorb trailing packets); over it the least recently active is evicted
 * @param maxBufferedBytesPerDirection out-of-order bytes held per direction while waiting for a hole to fill
 * @param idleTimeoutNanos             capture time without a packet after which an open connection is ended
 */
public record TcpLimits(int maxConnections, int maxBufferedBytesPerDirection, long idleTimeoutNanos) {

    /** 100 000 connections, 1 MiB per direction, 300 s idle. */
    public static final TcpLimits DEFAULTS = new TcpLimits(100_000, 1 << 20, 300_000_000_000L);

    public TcpLimits {
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
