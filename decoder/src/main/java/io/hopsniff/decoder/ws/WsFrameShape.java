package io.hopsniff.decoder.ws;

import java.nio.ByteBuffer;

/**
 * Whether a segment is nothing but whole WebSocket frames (RFC 6455 §5.2), for a connection whose handshake the
 * capture did not hold. The test is strict, so that other binary protocols do not pass: known opcodes, RSV2/RSV3
 * clear (RSV1 may be permessage-deflate), control frames final and at most 125 bytes, minimal length encodings,
 * the mask bit as the sender must set it (a client masks every frame, a server none, §5.1), and frames that end
 * exactly where the segment ends. Reads without moving the buffer.
 */
public final class WsFrameShape {

    private WsFrameShape() {
    }

    /** True when {@code b} holds one or more whole frames, all with the mask bit {@code masked}, and nothing else. */
    public static boolean wholeFrames(ByteBuffer b, boolean masked) {
        int p = b.position();
        int end = b.limit();
        int frames = 0;
        while (p < end) {
            if (end - p < 2) {
                return false;
            }
            int b0 = b.get(p) & 0xFF;
            int b1 = b.get(p + 1) & 0xFF;
            int opcode = b0 & 0x0F;
            boolean control = opcode >= 8;
            if ((b0 & 0x30) != 0 || !(opcode <= 2 || opcode >= 8 && opcode <= 10) || ((b1 & 0x80) != 0) != masked) {
                return false;
            }
            long length = b1 & 0x7F;
            int header = 2;
            if (length == 126) {
                if (end - p < 4) {
                    return false;
                }
                length = (b.get(p + 2) & 0xFF) << 8 | b.get(p + 3) & 0xFF;
                header = 4;
                if (length < 126) {
                    return false; // not the minimal encoding (§5.2)
                }
            } else if (length == 127) {
                if (end - p < 10 || (b.get(p + 2) & 0x80) != 0) {
                    return false;
                }
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = length << 8 | b.get(p + i) & 0xFF;
                }
                header = 10;
                if (length < 65_536) {
                    return false;
                }
            }
            if (control && (length > 125 || (b0 & 0x80) == 0)) {
                return false;
            }
            header += masked ? 4 : 0;
            if (length > end - p - header) {
                return false;
            }
            p += header + (int) length;
            frames++;
        }
        return frames > 0;
    }
}
