package io.hopsniff.decoder.link;

import io.hopsniff.capture.LinkType;
import java.nio.ByteBuffer;

/**
 * PPP (RFC 1661) as captures hold it: LINKTYPE_PPP and LINKTYPE_PPP_HDLC (with or without the HDLC-like address
 * and control bytes FF 03, RFC 1662 §3.1), LINKTYPE_PPP_ETHER and Ethernet's PPPoE session stage (RFC 2516 §4:
 * version/type, code, session id, length, then PPP). The protocol field may be compressed to one byte (RFC 1661
 * §6.5): 0x21 / 0x0021 is IPv4, 0x57 / 0x0057 IPv6.
 */
final class Ppp implements LinkDecoder {

    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;

    private final boolean pppoeHeader;

    /** {@code pppoeHeader}: frames start with a PPPoE header (LINKTYPE_PPP_ETHER). */
    Ppp(boolean pppoeHeader) {
        this.pppoeHeader = pppoeHeader;
    }

    static LinkDecoder forType(int linkType) {
        return new Ppp(linkType == LinkType.PPP_ETHER);
    }

    @Override
    public void decode(ByteBuffer data, int start, int end, LinkFrame out) {
        out.vlanTags = 0;
        if (pppoeHeader) {
            pppoe(data, start, end, out);
        } else {
            ppp(data, start, end, out);
        }
    }

    /** A PPPoE session header (6 bytes: version/type 0x11, code 0) then PPP. */
    static void pppoe(ByteBuffer data, int at, int end, LinkFrame out) {
        if (at + 6 > end) {
            out.truncated();
            return;
        }
        if ((data.get(at) & 0xFF) != 0x11 || data.get(at + 1) != 0) {
            out.notIp(EtherTypes.PPPOE_SESSION); // not session data (discovery codes, another version)
            return;
        }
        ppp(data, at + 6, end, out);
    }

    static void ppp(ByteBuffer data, int at, int end, LinkFrame out) {
        if (at + 2 <= end && (data.get(at) & 0xFF) == 0xFF && data.get(at + 1) == 0x03) {
            at += 2; // HDLC-like framing: all-stations address, unnumbered information
        }
        if (at >= end) {
            out.truncated();
            return;
        }
        int protocol;
        if ((data.get(at) & 1) == 1) {
            protocol = data.get(at) & 0xFF; // compressed to one byte
            at += 1;
        } else if (at + 2 <= end) {
            protocol = Bytes.u16(data, at);
            at += 2;
        } else {
            out.truncated();
            return;
        }
        if (protocol == PPP_IPV4) {
            out.ip(at, EtherTypes.IPV4);
        } else if (protocol == PPP_IPV6) {
            out.ip(at, EtherTypes.IPV6);
        } else {
            out.notIp(-protocol); // LCP, IPCP, ...: negated, not an EtherType
        }
    }
}
