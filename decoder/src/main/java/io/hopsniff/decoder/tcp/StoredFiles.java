package io.hopsniff.decoder.tcp;

import io.hopsniff.capture.StoredPackets;
import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * The capture files a tracker's packets came from, kept open to read delivered bytes again when a retransmission
 * is compared with them ({@link RecentBytes}). A position names the file too: its index in the high bits, so that a
 * connection that goes on in the next file of a rotated capture still finds its earlier bytes.
 */
final class StoredFiles {
    /** Bits of a position within its file: 16 TiB. */
    static final int POSITION_BITS = 44;
    private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;
    private static final int MAX_INDEX = (1 << (63 - POSITION_BITS)) - 1;
    /**
     * Files kept open at once: the oldest is closed beyond (a retransmission reaching that far back is counted, not
     * compared). A retransmission comes within seconds, a rotated file covers minutes.
     */
    static final int MAX_OPEN = 8;
    /** What a comparison reads at a time. */
    private static final int SCRATCH = 16 * 1024;

    private final ArrayList<StoredPackets> files = new ArrayList<>();
    private int current = -1;
    private int oldestOpen;
    private ByteBuffer scratch;
    /** The packet being decoded when it came with a position, and the packed position of its index 0; else null. */
    private ByteBuffer positioned;
    private long positionBase;

    /** The packets that follow come from {@code stored}, or (null) cannot be read again. */
    void next(StoredPackets stored) {
        if (stored == null || files.size() > MAX_INDEX) {
            current = -1;
            if (stored != null) {
                stored.close();
            }
            return;
        }
        files.add(stored);
        current = files.size() - 1;
        while (current - oldestOpen >= MAX_OPEN) {
            files.get(oldestOpen).close();
            files.set(oldestOpen++, null);
        }
    }

    /** The packet decoded next, and where its first captured byte is in the current file (-1: nowhere). */
    void packet(ByteBuffer data, long position) {
        long packed = pack(position);
        positioned = packed < 0 ? null : data;
        positionBase = packed - data.position();
    }

    /**
     * Where byte {@code index} of {@code data}, the packet being decoded, is (packed), or -1 when it cannot be read
     * again: a stream, or bytes not from the packet (a reassembled IP datagram).
     */
    long positionOf(ByteBuffer data, int index) {
        return data == positioned ? positionBase + index : -1;
    }

    /** The packed position of {@code position} in the current file, or -1 when there is none. */
    long pack(long position) {
        return current < 0 || position < 0 || position > POSITION_MASK ? -1 : (long) current << POSITION_BITS | position;
    }

    /** Reads {@code dst.remaining()} bytes at a packed position; false when they cannot be read any more. */
    boolean read(long packed, ByteBuffer dst) {
        StoredPackets file = files.get((int) (packed >>> POSITION_BITS));
        return file != null && file.read(packed & POSITION_MASK, dst);
    }

    /** A buffer for reading back, reused (one thread). */
    ByteBuffer scratch() {
        if (scratch == null) {
            scratch = ByteBuffer.allocate(SCRATCH);
        }
        return scratch.clear();
    }

    /** Closes every file: the capture is over. */
    void close() {
        for (int i = oldestOpen; i < files.size(); i++) {
            files.get(i).close();
            files.set(i, null);
        }
        oldestOpen = files.size();
        current = -1;
    }
}
