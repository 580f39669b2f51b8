package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.http1.Http1Detect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The HTTP/2 client connection preface (RFC 9113 §3.4): its one definition. */
public final class H2Preface {

    static final byte[] BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private H2Preface() {
    }

    /**
     * True when {@code b} (from its position, which is not moved) starts with the preface, or with a prefix of it
     * when fewer bytes are there. An empty buffer proves nothing and answers false.
     */
    public static boolean startsWith(ByteBuffer b) {
        return Http1Detect.prefixMatches(b, BYTES);
    }

    /**
     * True when {@code b} (not moved) starts with a frame header that can only be a server's first frame: SETTINGS
     * (type 4, no flags) on stream 0 with a whole number of 6-byte settings (RFC 9113 §3.4, §6.5). Servers that
     * know the client speaks HTTP/2 may send it before the client's preface arrives.
     */
    public static boolean startsWithServerSettings(ByteBuffer b) {
        if (b.remaining() < 9) {
            return false;
        }
        int p = b.position();
        int length = (b.get(p) & 0xFF) << 16 | (b.get(p + 1) & 0xFF) << 8 | b.get(p + 2) & 0xFF;
        int stream = b.get(p + 5) & 0x7F | b.get(p + 6) | b.get(p + 7) | b.get(p + 8); // R bit ignored
        return b.get(p + 3) == 0x4 && b.get(p + 4) == 0 && stream == 0 && length % 6 == 0 && length <= 16_384;
    }
}
