package io.hopsniff.decoder.ip;

import io.hopsniff.decoder.link.Bytes;
import java.nio.ByteBuffer;

/**
 * IPv6 (RFC 8200 §3, §4): walks hop-by-hop (0), routing (43), fragment (44), destination options (60) and
 * AH (51, RFC 4302: length in 4-octet units minus 2) until an upper-layer header; no-next-header (59) ends it.
 * A payload length of 0 (jumbogram or segmentation offload) means "as captured".
 */
final class Ipv6Decoder implements IpDecoder {
    static final int HEADER = 40;
    /** More extension headers than this is an attack or garbage, not a real packet. */
    private static final int MAX_EXTENSION_HEADERS = 16;

    @Override
    public IpPacket.Outcome decode(ByteBuffer data, int start, int end, IpPacket out) {
        out.version = 6;
        out.addressLength = 16;
        out.problem = null;
        if (end - start < HEADER) {
            return out.fail(IpPacket.Outcome.TRUNCATED, "ipv6 header shorter than 40 bytes");
        }
        if (Bytes.u8(data, start) >> 4 != 6) {
            return out.fail(IpPacket.Outcome.BAD_HEADER, "version nibble is not 6");
        }
        int payloadLength = Bytes.u16(data, start + 4);
        int wireEnd = payloadLength == 0 ? end : start + HEADER + payloadLength;
        int capturedEnd = Math.min(end, wireEnd);
        for (int i = 0; i < 16; i++) {
            out.source[i] = data.get(start + 8 + i);
            out.destination[i] = data.get(start + 24 + i);
        }
        int next = Bytes.u8(data, start + 6);
        int off = start + HEADER;
        boolean fragment = false;
        for (int count = 0; ; count++) {
            if (count > MAX_EXTENSION_HEADERS) {
                return out.fail(IpPacket.Outcome.BAD_HEADER, "too many extension headers");
            }
            int length;
            switch (next) {
                case IpProtocols.HOP_BY_HOP, IpProtocols.ROUTING, IpProtocols.DESTINATION_OPTIONS -> {
                    if (off + 2 > capturedEnd) {
                        return out.fail(IpPacket.Outcome.TRUNCATED, "ipv6 extension header cut");
                    }
                    length = (Bytes.u8(data, off + 1) + 1) * 8;
                }
                case IpProtocols.AH -> {
                    if (off + 2 > capturedEnd) {
                        return out.fail(IpPacket.Outcome.TRUNCATED, "ipv6 extension header cut");
                    }
                    length = (Bytes.u8(data, off + 1) + 2) * 4;
                }
                case IpProtocols.FRAGMENT -> {
                    if (off + 8 > capturedEnd) {
                        return out.fail(IpPacket.Outcome.TRUNCATED, "ipv6 fragment header cut");
                    }
                    int offsetAndFlags = Bytes.u16(data, off + 2);
                    // An atomic fragment (offset 0, M clear, RFC 6946) is a whole packet.
                    if ((offsetAndFlags & 0xfff9) != 0 && !fragment) {
                        fragment = true;
                        out.fragmentId = Bytes.i32(data, off + 4) & 0xFFFF_FFFFL;
                        out.fragmentOffset = offsetAndFlags & 0xfff8;
                        out.moreFragments = (offsetAndFlags & 1) != 0;
                        if (out.fragmentOffset > 0) {
                            // not the first: what follows is data, not headers (RFC 8200 §4.5)
                            out.protocol = Bytes.u8(data, off);
                            out.payloadOffset = off + 8;
                            out.payloadCapturedEnd = capturedEnd;
                            out.payloadWireLength = wireEnd - off - 8;
                            out.outcome = IpPacket.Outcome.FRAGMENT;
                            return out.outcome;
                        }
                    }
                    length = 8;
                }
                default -> {
                    out.protocol = next;
                    out.payloadOffset = off;
                    out.payloadCapturedEnd = capturedEnd;
                    out.payloadWireLength = wireEnd - off;
                    if (off > wireEnd) {
                        return out.fail(IpPacket.Outcome.BAD_HEADER, "extension headers beyond payload length");
                    }
                    if (fragment) {
                        out.outcome = IpPacket.Outcome.FRAGMENT;
                    } else {
                        out.outcome = next == IpProtocols.TCP ? IpPacket.Outcome.TCP : IpPacket.Outcome.NOT_TCP;
                    }
                    return out.outcome;
                }
            }
            next = Bytes.u8(data, off);
            off += length;
            if (off > capturedEnd) {
                return out.fail(off > wireEnd ? IpPacket.Outcome.BAD_HEADER : IpPacket.Outcome.TRUNCATED,
                        "ipv6 extension header beyond the packet");
            }
        }
    }
}
