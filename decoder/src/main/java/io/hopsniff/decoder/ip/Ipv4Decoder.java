package io.hopsniff.decoder.ip;

import io.hopsniff.decoder.link.Bytes;
import java.nio.ByteBuffer;

/**
 * IPv4 (RFC 791 §3.1). Options are skipped via IHL. The checksum is not verified: offload makes it wrong in
 * real captures. A total length of 0 (TCP segmentation offload on the capturing host) means "as captured".
 */
final class Ipv4Decoder implements IpDecoder {
    static final int MIN_HEADER = 20;

    @Override
    public IpPacket.Outcome decode(ByteBuffer data, int start, int end, IpPacket out) {
        out.version = 4;
        out.addressLength = 4;
        out.problem = null;
        if (end - start < MIN_HEADER) {
            return out.fail(IpPacket.Outcome.TRUNCATED, "ipv4 header shorter than 20 bytes");
        }
        int b0 = Bytes.u8(data, start);
        if (b0 >> 4 != 4) {
            return out.fail(IpPacket.Outcome.BAD_HEADER, "version nibble is not 4");
        }
        int headerLength = (b0 & 0x0f) * 4;
        if (headerLength < MIN_HEADER) {
            return out.fail(IpPacket.Outcome.BAD_HEADER, "ihl below 5");
        }
        if (start + headerLength > end) {
            return out.fail(IpPacket.Outcome.TRUNCATED, "ipv4 options cut by the capture");
        }
        int totalLength = Bytes.u16(data, start + 2);
        if (totalLength == 0) {
            totalLength = end - start;
        } else if (totalLength < headerLength) {
            return out.fail(IpPacket.Outcome.BAD_HEADER, "total length below header length");
        }
        for (int i = 0; i < 4; i++) {
            out.source[i] = data.get(start + 12 + i);
            out.destination[i] = data.get(start + 16 + i);
        }
        out.protocol = Bytes.u8(data, start + 9);
        out.payloadOffset = start + headerLength;
        out.payloadCapturedEnd = Math.min(end, start + totalLength);
        out.payloadWireLength = totalLength - headerLength;
        int fragment = Bytes.u16(data, start + 6);
        if ((fragment & 0x2000) != 0 || (fragment & 0x1fff) != 0) {
            out.outcome = IpPacket.Outcome.FRAGMENT;
            out.fragmentId = Bytes.u16(data, start + 4);
            out.fragmentOffset = (fragment & 0x1fff) * 8;
            out.moreFragments = (fragment & 0x2000) != 0;
        } else {
            out.outcome = out.protocol == IpProtocols.TCP ? IpPacket.Outcome.TCP : IpPacket.Outcome.NOT_TCP;
        }
        return out.outcome;
    }
}
