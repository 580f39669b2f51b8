package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Big-endian reads at absolute indices. Independent of the buffer's byte order and position, so decoders never
 * touch the caller's buffer state and never allocate. Wider fields are read in one access and swapped when the
 * buffer's order is the other one: the file reader's buffer is direct, and each of its accesses is a call under
 * C1 (a byte at a time, the IP and TCP headers' fields were 5 % of the main thread on the benchmark's 1 GiB).
 */
public final class Bytes {
    private Bytes() {
    }

    public static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xff;
    }

    public static int u16(ByteBuffer b, int i) {
        short v = b.getShort(i);
        return (b.order() == ByteOrder.BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xffff;
    }

    /** Little-endian 16 bits (SLL2 and friends are big-endian; NULL is host order). */
    public static int u16le(ByteBuffer b, int i) {
        short v = b.getShort(i);
        return (b.order() == ByteOrder.LITTLE_ENDIAN ? v : Short.reverseBytes(v)) & 0xffff;
    }

    public static int i32(ByteBuffer b, int i) {
        int v = b.getInt(i);
        return b.order() == ByteOrder.BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    public static int i32le(ByteBuffer b, int i) {
        int v = b.getInt(i);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }
}
