package io.hopsniff.capture.live;

/**
 * Receives packets on the capture thread with ownership of the array: pcap4j's loop already copies each
 * packet out of libpcap's reused ring buffer into a fresh {@code byte[]}, so taking that array is the one
 * copy we need, not a second one into a pool.
 */
@FunctionalInterface
interface FrameHandler {
    void frame(long timestampNanos, byte[] data, int originalLength) throws Exception;
}
