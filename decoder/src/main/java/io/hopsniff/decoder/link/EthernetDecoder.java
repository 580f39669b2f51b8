package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/** LINKTYPE_ETHERNET: destination, source, EtherType (IEEE 802.3), with stacked VLAN tags (IEEE 802.1Q/802.1ad). */
final class EthernetDecoder implements LinkDecoder {
    private static final int HEADER = 14;

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        if (!LinkDecoder.header(start, end, HEADER, out)) {
            return;
        }
        LinkDecoder.dispatchEtherType(data, start + 12, end, out);
    }
}
