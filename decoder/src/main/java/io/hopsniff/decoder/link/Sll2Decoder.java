package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/**
 * LINKTYPE_LINUX_SLL2 (tcpdump.org linktypes/LINKTYPE_LINUX_SLL2): protocol type (2), reserved (2), interface
 * index (4), ARPHRD type (2), packet type (1), address length (1), address (8) = 20 bytes; the protocol comes first.
 */
final class Sll2Decoder implements LinkDecoder {
    private static final int HEADER = 20;

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        if (!LinkDecoder.header(start, end, HEADER, out)) {
            return;
        }
        LinkDecoder.dispatchEtherType(data, Bytes.u16(data, start), start + HEADER, end, out);
    }
}
