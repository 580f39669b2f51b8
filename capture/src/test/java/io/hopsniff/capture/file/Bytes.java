package io.hopsniff.capture.file;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds capture files byte by byte in a chosen byte order, for tests whose expectations come from the specs. */
final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    private Bytes(ByteOrder order) {
        this.order = order;
    }

    static Bytes le() {
        return new Bytes(ByteOrder.LITTLE_ENDIAN);
    }

    static Bytes be() {
        return new Bytes(ByteOrder.BIG_ENDIAN);
    }

    static Bytes of(ByteOrder order) {
        return new Bytes(order);
    }

    Bytes u8(int v) {
        out.write(v);
        return this;
    }

    Bytes u16(int v) {
        out.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
        return this;
    }

    Bytes u32(long v) {
        out.writeBytes(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
        return this;
    }

    Bytes u64(long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(order).putLong(v).array());
        return this;
    }

    Bytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    Bytes raw(Bytes other) {
        return raw(other.toArray());
    }

    int size() {
        return out.size();
    }

    /** Appends a pcapng block: type, total length, body padded to 32 bits, total length again. */
    Bytes block(int type, Bytes body) {
        byte[] b = body.toArray();
        int padded = b.length + 3 & ~3;
        int total = 12 + padded;
        u32(type).u32(total).raw(b).raw(new byte[padded - b.length]).u32(total);
        return this;
    }

    /** A pcapng Section Header Block, version 1.0, section length unknown, no options. */
    Bytes sectionHeader() {
        return block(0x0A0D0D0A, of(order).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1));
    }

    /** A pcapng option: code, length, value padded to 32 bits. */
    Bytes option(int code, byte[] value) {
        u16(code).u16(value.length).raw(value).raw(new byte[(value.length + 3 & ~3) - value.length]);
        return this;
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }
}
