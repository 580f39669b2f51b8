package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/**
 * LINKTYPE_LINUX_SLL (tcpdump.org linktypes/LINKTYPE_LINUX_SLL): packet type (2), ARPHRD type (2), address
 * length (2), address (8), protocol type (2) = 16 bytes. The protocol is an EtherType for the cases we decode.
 */
final class SllDecoder implements LinkDecoder {
    private static final int HEADER = 16;

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        if (!LinkDecoder.header(start, end, HEADER, out)) {
            return;
        }
        LinkDecoder.dispatchEtherType(data, start + 14, end, out);
    }
}
