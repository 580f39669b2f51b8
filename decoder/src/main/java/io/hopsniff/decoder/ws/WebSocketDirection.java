package io.hopsniff.decoder.ws;

import java.util.SortedMap;

/**
 * What one side of a WebSocket sent (RFC 6455 §5).
 *
 * @param frames        frames seen
 * @param payloadBytes  payload bytes of those frames (after the header, masked or not)
 * @param messages      complete messages (a final frame of a text/binary message, fragments joined)
 * @param opcodes       frames by opcode name: text, binary, continuation, close, ping, pong, or "reserved-N"
 * @param closeCode     the status code of its close frame (RFC 6455 §7.4), null when it sent none or an empty one
 * @param closeReason   the reason text of its close frame, null when none
 * @param firstFrameNanos / lastFrameNanos  times of its first and last frame, 0 when none
 * @param largestMessageBytes      the largest complete message in the bytes its receiver's size limit counts
 *                                 (uvicorn's --ws-max-size, websockets' max_size): inflated when it was compressed;
 *                                 null when no message's size is known (none complete, or none inflated whole)
 * @param largestMessageWireBytes  that message's payload bytes on the wire, null with it
 */
public record WebSocketDirection(long frames, long payloadBytes, long messages, SortedMap<String, Long> opcodes,
                                 Integer closeCode, String closeReason, long firstFrameNanos, long lastFrameNanos,
                                 Long largestMessageBytes, Long largestMessageWireBytes) {

    /** A direction whose messages' sizes are not known. */
    public WebSocketDirection(long frames, long payloadBytes, long messages, SortedMap<String, Long> opcodes,
                              Integer closeCode, String closeReason, long firstFrameNanos, long lastFrameNanos) {
        this(frames, payloadBytes, messages, opcodes, closeCode, closeReason, firstFrameNanos, lastFrameNanos, null,
                null);
    }
}
