package io.hopsniff.decoder.link;

import io.hopsniff.capture.LinkType;
import java.util.Arrays;

/**
 * The registry of link decoders by LINKTYPE_ value. Lookup is a binary search over a small sorted int array:
 * no boxing, no allocation per packet.
 */
public final class LinkDecoders {
    private final int[] types;
    private final LinkDecoder[] decoders;

    private LinkDecoders(int[] types, LinkDecoder[] decoders) {
        this.types = types;
        this.decoders = decoders;
    }

    /** Every link type hopsniff decodes. */
    public static LinkDecoders standard() {
        return new Builder()
                .register(LinkType.ETHERNET, new EthernetDecoder())
                .register(LinkType.LINUX_SLL, new SllDecoder())
                .register(LinkType.LINUX_SLL2, new Sll2Decoder())
                .register(LinkType.NULL, new NullDecoder(false))
                .register(LinkType.LOOP, new NullDecoder(true))
                .register(LinkType.RAW, new RawDecoder())
                .register(LinkType.IPV4, new RawDecoder())
                .register(LinkType.IPV6, new RawDecoder())
                .register(LinkType.PPP, Ppp.forType(LinkType.PPP))
                .register(LinkType.PPP_HDLC, Ppp.forType(LinkType.PPP_HDLC))
                .register(LinkType.PPP_ETHER, Ppp.forType(LinkType.PPP_ETHER))
                .register(LinkType.C_HDLC, new CiscoHdlcDecoder())
                .register(LinkType.IEEE802_11, new Ieee80211Decoder(LinkType.IEEE802_11))
                .register(LinkType.IEEE802_11_PRISM, new Ieee80211Decoder(LinkType.IEEE802_11_PRISM))
                .register(LinkType.IEEE802_11_RADIOTAP, new Ieee80211Decoder(LinkType.IEEE802_11_RADIOTAP))
                .register(LinkType.IEEE802_11_AVS, new Ieee80211Decoder(LinkType.IEEE802_11_AVS))
                .register(LinkType.NFLOG, new NflogDecoder())
                .build();
    }

    /** The decoder for a link type, or null when hopsniff does not decode it. */
    public LinkDecoder forType(int linkType) {
        int i = Arrays.binarySearch(types, linkType);
        return i >= 0 ? decoders[i] : null;
    }

    public static final class Builder {
        private int[] types = new int[0];
        private LinkDecoder[] decoders = new LinkDecoder[0];

        public Builder register(int linkType, LinkDecoder decoder) {
            int i = Arrays.binarySearch(types, linkType);
            if (i >= 0) {
                decoders[i] = decoder;
                return this;
            }
            int at = -i - 1;
            int[] t = new int[types.length + 1];
            LinkDecoder[] d = new LinkDecoder[decoders.length + 1];
            System.arraycopy(types, 0, t, 0, at);
            System.arraycopy(decoders, 0, d, 0, at);
            t[at] = linkType;
            d[at] = decoder;
            System.arraycopy(types, at, t, at + 1, types.length - at);
            System.arraycopy(decoders, at, d, at + 1, decoders.length - at);
            types = t;
            decoders = d;
            return this;
        }

        public LinkDecoders build() {
            return new LinkDecoders(types.clone(), decoders.clone());
        }
    }
}
