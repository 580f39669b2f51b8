package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/** LINKTYPE_C_HDLC: address (0x0F unicast, 0x8F broadcast), control, then an EtherType (Cisco HDLC). */
final class CiscoHdlcDecoder implements LinkDecoder {
    private static final int HEADER = 4;

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        if (LinkDecoder.header(start, end, HEADER, out)) {
            LinkDecoder.dispatchEtherType(data, start + 2, end, out);
        }
    }
}
