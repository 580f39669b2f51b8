package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;

/**
 * A frame violation after which the receiver must fail the WebSocket connection (RFC 6455 §7.1.7): a browser
 * drops it and its page sees close code 1006; a server closes with 1002.
 *
 * @param direction  who sent the offending frames
 * @param type       the anomaly the frames were named with ({@link AnomalyType#WS_FRAMES_UNDECODABLE} for a 64-bit
 *                   length with its most significant bit set, RFC 6455 §5.2)
 * @param firstNanos when the first such frame began
 * @param count      how many frames of that direction broke the rule
 * @param carriedOn  the receiver sent a frame other than a close after the first of them: it did not fail the
 *                   connection (a lenient peer), or that frame was already on its way
 * @param closeFramesOnly every frame that broke the rule was a close frame (a proxy's own close: Caddy before 2.6.3
 *                   sent its close to the backend unmasked)
 * @param afterOwnClose every frame that broke the rule came after a close frame from the same sender: its receiver,
 *                   having read that close, discards what follows (RFC 6455 §1.4), so the frames decided nothing
 */
public record WsViolation(Direction direction, AnomalyType type, long firstNanos, long count, boolean carriedOn,
                          boolean closeFramesOnly, boolean afterOwnClose) {

    public WsViolation(Direction direction, AnomalyType type, long firstNanos, long count, boolean carriedOn) {
        this(direction, type, firstNanos, count, carriedOn, false, false);
    }
}
