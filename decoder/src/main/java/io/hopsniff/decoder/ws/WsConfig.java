package io.hopsniff.decoder.ws;

/**
 * Limits and options of {@link WebSocketDecoder}.
 *
 * @param payloadBytesKept first bytes of each text/binary message to keep, unmasked and inflated
 *                         ({@code --ws-payload-bytes}); 0 (the default) keeps nothing, copies no payload and
 *                         inflates nothing
 * @param maxFramePayload  a frame claiming more payload than this is taken as lost framing, not as a frame
 *                         (default 2^40, far above anything real and far below what a misparse produces)
 */
public record WsConfig(int payloadBytesKept, long maxFramePayload) {

    public static final WsConfig DEFAULTS = new WsConfig(0, 1L << 40);

    /** Messages kept per direction when payload capture is on; later ones are counted, not kept. */
    public static final int MAX_KEPT_MESSAGES = 1000;

    public WsConfig {
        if (payloadBytesKept < 0) {
            throw new IllegalArgumentException("payloadBytesKept must be >= 0, got " + payloadBytesKept);
        }
        if (maxFramePayload < 125) {
            throw new IllegalArgumentException("maxFramePayload must be >= 125, got " + maxFramePayload);
        }
    }

    public WsConfig withPayloadBytesKept(int v) {
        return new WsConfig(v, maxFramePayload);
    }
}
