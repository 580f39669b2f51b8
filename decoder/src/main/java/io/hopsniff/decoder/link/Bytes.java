package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/**
 * Big-endian reads at absolute indices. Independent of the buffer's byte order and position, so decoders never
 * touch the caller's buffer state and never allocate.
 */
public final class Bytes {
    private Bytes() {
    }

    public static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xff;
    }

    public static int u16(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) << 8 | (b.get(i + 1) & 0xff);
    }

    /** Little-endian 16 bits (SLL2 and friends are big-endian; NULL is host order). */
    public static int u16le(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) | (b.get(i + 1) & 0xff) << 8;
    }

    public static int i32(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) << 24 | (b.get(i + 1) & 0xff) << 16 | (b.get(i + 2) & 0xff) << 8 | (b.get(i + 3) & 0xff);
    }

    public static int i32le(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) | (b.get(i + 1) & 0xff) << 8 | (b.get(i + 2) & 0xff) << 16 | (b.get(i + 3) & 0xff) << 24;
    }
}
