package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/**
 * LINKTYPE_NULL and LINKTYPE_LOOP (tcpdump.org linktypes/LINKTYPE_NULL): a 4-byte address family. NULL stores it
 * in the capturing host's byte order, which the file does not say, so both orders are tried; LOOP is always
 * network order. AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD) or 30 (macOS), and
 * Linux's 10 is accepted too.
 */
final class NullDecoder implements LinkDecoder {
    private static final int HEADER = 4;
    private final boolean networkOrderOnly;

    NullDecoder(boolean networkOrderOnly) {
        this.networkOrderOnly = networkOrderOnly;
    }

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        if (!LinkDecoder.header(start, end, HEADER, out)) {
            return;
        }
        int family = Bytes.i32(data, start);
        int type = etherTypeOf(family);
        if (type == 0 && !networkOrderOnly) {
            family = Bytes.i32le(data, start);
            type = etherTypeOf(family);
        }
        if (type == 0) {
            out.notIp(-Math.abs(Bytes.i32(data, start)));
        } else {
            out.ip(start + HEADER, type);
        }
    }

    private static int etherTypeOf(int family) {
        return switch (family) {
            case 2 -> EtherTypes.IPV4;
            case 10, 24, 28, 30 -> EtherTypes.IPV6;
            default -> 0;
        };
    }
}
