package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/**
 * LINKTYPE_NFLOG (Linux netfilter log, tcpdump.org's description): a 4-byte header (address family, version,
 * resource id) then TLVs whose length and type are in the capturing host's byte order, each padded to 4 bytes.
 * The packet is the NFULA_PAYLOAD TLV (type 9); the family says IPv4 (AF_INET 2) or IPv6 (AF_INET6 10).
 */
final class NflogDecoder implements LinkDecoder {
    private static final int HEADER = 4;
    private static final int NFULA_PAYLOAD = 9;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        if (!LinkDecoder.header(start, end, HEADER, out)) {
            return;
        }
        int family = data.get(start) & 0xFF;
        if (family != AF_INET && family != AF_INET6) {
            out.notIp(-family);
            return;
        }
        // The TLVs' byte order is the capturing host's: the first TLV's length tells (it is at least 4 and fits).
        boolean little = fits(data, start + HEADER, end, true) || !fits(data, start + HEADER, end, false);
        for (int at = start + HEADER; at + 4 <= end; ) {
            int length = u16(data, at, little);
            int type = u16(data, at + 2, little) & 0x7FFF; // the top bit marks nested attributes
            if (length < 4 || at + length > end) {
                out.truncated();
                return;
            }
            if (type == NFULA_PAYLOAD) {
                out.ip(at + 4, family == AF_INET ? EtherTypes.IPV4 : EtherTypes.IPV6);
                return;
            }
            at += (length + 3) & ~3;
        }
        out.notIp(-family); // no payload logged (e.g. --nflog-size 0)
    }

    private static boolean fits(ByteBuffer data, int at, int end, boolean little) {
        if (at + 4 > end) {
            return false;
        }
        int length = u16(data, at, little);
        return length >= 4 && at + length <= end;
    }

    private static int u16(ByteBuffer data, int at, boolean little) {
        return little ? Bytes.u16le(data, at) : Bytes.u16(data, at);
    }
}
