package io.hopsniff.decoder.ws;

/**
 * Limits and options of {@link WebSocketDecoder}.
 *
 * @param payloadBytesKept first bytes of each text/binary message to keep, unmasked and inflated
 *                         ({@code --ws-payload-bytes}); 0 (the default) keeps nothing and copies no payload
 *                         (compressed messages are inflated either way, for their UTF-8 check)
 * @param maxFramePayload  a frame claiming more payload than this is taken as lost framing, not as a frame
 *                         (default 2^40, far above anything real and far below what a misparse produces)
 * @param maxKeptMessages  messages kept per direction of a session when payload capture is on; later ones are
 *                         counted, not kept ({@code --max-ws-messages}, default 1000)
 */
public record WsConfig(int payloadBytesKept, long maxFramePayload, int maxKeptMessages) {

    public static final WsConfig DEFAULTS = new WsConfig(0, 1L << 40, 1000);

    public WsConfig {
        if (payloadBytesKept < 0) {
            throw new IllegalArgumentException("payloadBytesKept must be >= 0, got " + payloadBytesKept);
        }
        if (maxFramePayload < 125) {
            throw new IllegalArgumentException("maxFramePayload must be >= 125, got " + maxFramePayload);
        }
        if (maxKeptMessages < 0) {
            throw new IllegalArgumentException("maxKeptMessages must be >= 0, got " + maxKeptMessages);
        }
    }

    public WsConfig withPayloadBytesKept(int v) {
        return new WsConfig(v, maxFramePayload, maxKeptMessages);
    }

    public WsConfig withMaxKeptMessages(int v) {
        return new WsConfig(payloadBytesKept, maxFramePayload, v);
    }
}
