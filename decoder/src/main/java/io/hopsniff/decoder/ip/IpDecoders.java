package io.hopsniff.decoder.ip;

import io.hopsniff.decoder.link.Bytes;
import io.hopsniff.decoder.link.EtherTypes;
import java.nio.ByteBuffer;

/**
 * The registry of IP decoders, indexed by version nibble. The link layer's EtherType, when it gives one, must
 * agree with the nibble; RAW links give none and the nibble decides.
 */
public final class IpDecoders {
    private final IpDecoder[] byVersion = new IpDecoder[16];

    public static IpDecoders standard() {
        IpDecoders d = new IpDecoders();
        d.byVersion[4] = new Ipv4Decoder();
        d.byVersion[6] = new Ipv6Decoder();
        return d;
    }

    /** Decodes the network layer at {@code start}; {@code etherType} 0 means "unknown, use the nibble". */
    public IpPacket.Outcome decode(ByteBuffer data, int start, int end, int etherType, IpPacket out) {
        if (start >= end) {
            out.problem = "no network header";
            out.outcome = IpPacket.Outcome.TRUNCATED;
            return out.outcome;
        }
        int version = Bytes.u8(data, start) >> 4;
        int expected = etherType == EtherTypes.IPV4 ? 4 : etherType == EtherTypes.IPV6 ? 6 : version;
        IpDecoder decoder = byVersion[version];
        if (decoder == null || version != expected) {
            out.version = version;
            out.problem = "unknown or mismatched ip version nibble";
            out.outcome = IpPacket.Outcome.BAD_HEADER;
            return out.outcome;
        }
        return decoder.decode(data, start, end, out);
    }
}
