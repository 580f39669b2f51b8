package io.hopsniff.decoder.link;

import io.hopsniff.capture.LinkType;
import java.nio.ByteBuffer;

/**
 * IEEE 802.11 data frames, bare (LINKTYPE_IEEE802_11) or after a radio header: radiotap (its length is a
 * little-endian u16 at offset 2), Prism (msglen, a u32 in host order at offset 4) or AVS (a big-endian u32 header
 * length at offset 4). Only unencrypted data frames carry IP: after the MAC header (24 bytes, 30 with four
 * addresses, +2 for QoS, +4 for an HT control field) comes LLC/SNAP with the EtherType. Management, control,
 * null-data and protected frames are not IP.
 */
final class Ieee80211Decoder implements LinkDecoder {
    private static final int DATA = 2;

    private final int linkType;

    Ieee80211Decoder(int linkType) {
        this.linkType = linkType;
    }

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        out.vlanTags = 0;
        int mac = start + radioHeaderLength(data, start, end);
        if (mac < start || mac + 24 > end) {
            out.truncated();
            return;
        }
        int fc0 = data.get(mac) & 0xFF;
        int flags = data.get(mac + 1) & 0xFF;
        int type = (fc0 >> 2) & 3;
        int subtype = fc0 >> 4;
        if (type != DATA || (subtype & 0x4) != 0) {
            out.notIp(-1); // management, control, or a data frame without a body
            return;
        }
        if ((flags & 0x40) != 0) {
            out.notIp(-2); // protected: encrypted, nothing to read
            return;
        }
        int header = 24;
        if ((flags & 0x03) == 0x03) {
            header += 6; // to and from the distribution system: a fourth address
        }
        if ((subtype & 0x8) != 0) {
            header += 2; // QoS control
            if ((flags & 0x80) != 0) {
                header += 4; // +HTC: an HT control field
            }
        }
        LinkDecoder.llc(data, mac + header, end, out);
    }

    /** Bytes before the 802.11 header; -1 when the radio header does not fit. */
    private int radioHeaderLength(ByteBuffer data, int start, int end) {
        if (linkType == LinkType.IEEE802_11) {
            return 0;
        }
        if (start + 8 > end) {
            return -1;
        }
        long n = switch (linkType) {
            case LinkType.IEEE802_11_RADIOTAP -> Bytes.u16le(data, start + 2);
            case LinkType.IEEE802_11_AVS -> Bytes.i32(data, start + 4) & 0xFFFF_FFFFL;
            default -> prismLength(data, start); // LinkType.IEEE802_11_PRISM
        };
        return n < 8 || start + n > end ? -1 : (int) n;
    }

    /** Prism's msglen is in the capturing host's byte order: take the reading that is a plausible header size. */
    private static long prismLength(ByteBuffer data, int start) {
        long big = Bytes.i32(data, start + 4) & 0xFFFF_FFFFL;
        return big > 0 && big <= 1024 ? big : Bytes.i32le(data, start + 4) & 0xFFFF_FFFFL;
    }
}
