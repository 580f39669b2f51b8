package io.hopsniff.testkit;

import java.io.ByteArrayOutputStream;

/** HTTP/2 and HPACK wire pieces for tests that script a connection byte by byte. */
public final class Http2Bytes {

    private Http2Bytes() {
    }

    /** A frame (RFC 9113 §4.1) whose header declares {@code declared} octets, followed by {@code payload}. */
    public static byte[] frame(int type, int flags, int stream, int declared, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (declared >>> 16);
        f[1] = (byte) (declared >>> 8);
        f[2] = (byte) declared;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    /** A frame whose header declares its payload's length. */
    public static byte[] frame(int type, int flags, int stream, byte[] payload) {
        return frame(type, flags, stream, payload.length, payload);
    }

    /** An HPACK integer with an N-bit prefix (RFC 7541 §5.1), the first octet's other bits {@code first}. */
    public static byte[] integer(long value, int prefix, int first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int max = (1 << prefix) - 1;
        if (value < max) {
            out.write(first | (int) value);
            return out.toByteArray();
        }
        out.write(first | max);
        value -= max;
        while (value >= 128) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }
}
