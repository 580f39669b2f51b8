package io.hopsniff.capture.live;

/**
 * Bounds of the queue between the capture thread and the analysis thread. Whichever is hit first drops the
 * packet (counted, reported once per burst) instead of blocking libpcap or growing the heap.
 *
 * @param maxPackets packets in flight, rounded up to a power of two; default {@value #DEFAULT_MAX_PACKETS}
 * @param maxBytes   captured bytes in flight; default 256 MiB, so a burst of 64 KiB GRO/TSO frames cannot
 *                   take the heap with it
 */
public record HandoffLimits(int maxPackets, long maxBytes) {

    public static final int DEFAULT_MAX_PACKETS = 1 << 20; // the byte budget is what bounds memory
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    public HandoffLimits {
        if (maxPackets < 1 || maxPackets > 1 << 24) {
            throw new IllegalArgumentException("hand-off packets " + maxPackets + " outside 1.." + (1 << 24));
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("hand-off bytes " + maxBytes + " must be positive");
        }
    }

    public static HandoffLimits defaults() {
        return new HandoffLimits(DEFAULT_MAX_PACKETS, DEFAULT_MAX_BYTES);
    }
}
