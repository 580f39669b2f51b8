package io.hopsniff.decoder.ws;

import java.nio.charset.StandardCharsets;

/**
 * The first bytes of one text/binary message, kept when {@link WsConfig#payloadBytesKept()} is above 0:
 * unmasked and, for a permessage-deflate message, inflated.
 *
 * @param opcode     1 text, 2 binary
 * @param wireBytes  payload bytes of the message on the wire (compressed size when compressed)
 * @param compressed RSV1 was set (permessage-deflate)
 * @param prefix     up to payloadBytesKept bytes of the (inflated) message
 * @param complete   {@code prefix} is the whole message: nothing cut by the limit, a gap, or a failed inflate
 */
public record KeptMessage(int opcode, long timestampNanos, long wireBytes, boolean compressed, byte[] prefix,
                          boolean complete) {

    /** The prefix as UTF-8, malformed sequences replaced. */
    public String text() {
        return new String(prefix, StandardCharsets.UTF_8);
    }
}
