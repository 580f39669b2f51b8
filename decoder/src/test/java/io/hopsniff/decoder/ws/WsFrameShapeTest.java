package io.hopsniff.decoder.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 6455 §5.7's example frames, and what a strict shape check must turn away. */
class WsFrameShapeTest {

    private static final byte[] HELLO_UNMASKED = {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
    private static final byte[] HELLO_MASKED = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f,
        0x4d, 0x51, 0x58};
    private static final byte[] PING_UNMASKED = {(byte) 0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};

    private static ByteBuffer b(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(1024);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.flip();
    }

    @Test
    void theRfcsExamplesAreWholeFramesFromTheirSide() {
        assertThat(WsFrameShape.wholeFrames(b(HELLO_UNMASKED), false)).isTrue(); // a server's
        assertThat(WsFrameShape.wholeFrames(b(HELLO_MASKED), true)).isTrue(); // a client's
        assertThat(WsFrameShape.wholeFrames(b(HELLO_UNMASKED, PING_UNMASKED), false)).isTrue(); // two in one segment
        assertThat(WsFrameShape.wholeFrames(b(HELLO_UNMASKED), true)).isFalse(); // a client always masks
        assertThat(WsFrameShape.wholeFrames(b(HELLO_MASKED), false)).isFalse(); // a server never does
    }

    @Test
    void anythingElseIsNot() {
        byte[] cut = java.util.Arrays.copyOf(HELLO_UNMASKED, 6);
        byte[] trailing = {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00};
        byte[] reservedOpcode = {(byte) 0x83, 0x00};
        byte[] rsv2 = {(byte) 0xA1, 0x00};
        byte[] longPing = new byte[2 + 126 + 2];
        longPing[0] = (byte) 0x89;
        longPing[1] = 126;
        longPing[2] = 0;
        longPing[3] = 126; // control frames carry at most 125 bytes
        byte[] nonMinimal = {(byte) 0x81, 126, 0x00, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}; // 5 in the 16-bit form
        byte[] http = "HTTP/1.1 200 OK\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (byte[] bytes : new byte[][] {cut, trailing, reservedOpcode, rsv2, longPing, nonMinimal, http, {}}) {
            assertThat(WsFrameShape.wholeFrames(b(bytes), false)).as(java.util.Arrays.toString(bytes)).isFalse();
        }
    }
}
