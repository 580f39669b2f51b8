package io.hopsniff.capture;

import java.nio.ByteBuffer;

/**
 * Receives packets from a file reader or a live capture, one call per packet, on one thread.
 *
 * <p>The buffer is valid only during the call: readers reuse it for the next record, so a sink that
 * needs bytes later must copy them. Its position is the first captured byte and its limit the last;
 * {@code originalLength} is the length on the wire, larger than {@code data.remaining()} when the
 * packet was cut by the snapshot length.
 */
public interface PacketSink {

    void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength);

    /** Something odd about the container (not the packet contents). Readers carry on where they can. */
    default void issue(CaptureIssue issue) {
    }
}
