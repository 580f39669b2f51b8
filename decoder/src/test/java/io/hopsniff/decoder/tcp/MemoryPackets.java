package io.hopsniff.decoder.tcp;

import io.hopsniff.capture.StoredPackets;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * A capture file in memory: frames appended with a 16-byte record header before each, as in a pcap file, so that
 * two frames' bytes are never adjacent; read back at positions like the real file is (FilePackets).
 */
final class MemoryPackets implements StoredPackets {
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private boolean closed;
    int reads;

    /** Appends a frame; returns the position of its first byte. */
    long append(byte[] frame) {
        file.write(new byte[16], 0, 16);
        long position = file.size();
        file.write(frame, 0, frame.length);
        return position;
    }

    /** Changes a byte already written: what a file rewritten under the reader would show. */
    void overwrite(long position, byte value) {
        byte[] all = file.toByteArray();
        all[(int) position] = value;
        file.reset();
        file.write(all, 0, all.length);
    }

    @Override
    public boolean read(long position, ByteBuffer dst) {
        reads++;
        byte[] all = file.toByteArray();
        if (closed || position < 0 || position + dst.remaining() > all.length) {
            return false;
        }
        dst.put(all, (int) position, dst.remaining());
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }
}
