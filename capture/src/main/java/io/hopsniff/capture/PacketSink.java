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

    /**
     * A packet that can be read again: its first captured byte ({@code data.position()}) is at {@code position} in
     * what the last {@link #storedIn} named. Sinks that keep no bytes need not tell the two apart.
     */
    default void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength, long position) {
        packet(timestampNanos, linkType, data, originalLength);
    }

    /**
     * The packets that follow are stored in {@code stored} (a capture file), and come with their position; null when
     * they cannot be read again (a stream, a compressed file, a live capture). The sink owns {@code stored} and closes
     * it once it needs it no more.
     */
    default void storedIn(StoredPackets stored) {
        if (stored != null) {
            stored.close();
        }
    }

    /** Something odd about the container (not the packet contents). Readers carry on where they can. */
    default void issue(CaptureIssue issue) {
    }
}
