package io.hopsniff.capture;

import java.nio.ByteBuffer;

/**
 * Where packets already delivered can be read again: the capture file they came from. A sink that may have to
 * compare a later packet with an earlier one (a TCP retransmission with the bytes delivered before it) keeps the
 * earlier bytes' position instead of a copy of them, and reads them back in the rare case it needs them: no copy of
 * the stream on the hot path and no memory that grows with it.
 */
public interface StoredPackets extends AutoCloseable {

    /**
     * Reads {@code dst.remaining()} bytes at {@code position} into {@code dst}; false when they cannot all be read
     * (the file shrank or is closed, an I/O error): the caller then knows nothing of them.
     */
    boolean read(long position, ByteBuffer dst);

    /** Closes the file; later reads return false. */
    @Override
    void close();
}
