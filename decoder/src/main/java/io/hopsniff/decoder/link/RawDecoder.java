package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/**
 * LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6: no link header; the IP version nibble decides (etherType 0).
 */
final class RawDecoder implements LinkDecoder {

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        if (LinkDecoder.header(start, end, 1, out)) {
            out.ip(start, 0);
        }
    }
}
