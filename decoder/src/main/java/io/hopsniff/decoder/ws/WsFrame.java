package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.tcp.Direction;

/**
 * One frame header as decoded (RFC 6455 §5.2), reported when the frame's last payload byte was seen.
 *
 * @param rsv        the three RSV bits as a number: RSV1 = 4, RSV2 = 2, RSV3 = 1
 * @param closeCode  the status code of a close frame with at least 2 payload bytes, else null
 * @param timestampNanos time of the packet that carried the frame's first byte
 */
public record WsFrame(Direction direction, long timestampNanos, boolean fin, int rsv, int opcode, boolean masked,
                      long payloadLength, Integer closeCode) {

    public boolean rsv1() {
        return (rsv & 4) != 0;
    }

    public String opcodeName() {
        return Opcodes.name(opcode);
    }
}
