package io.hopsniff.decoder.link;

import java.nio.ByteBuffer;

/** Decodes one link-layer header type. Implementations are stateless and never throw on bad input. */
public interface LinkDecoder {

    /**
     * Decodes the frame in {@code data} between {@code start} (inclusive) and {@code end} (exclusive), absolute
     * indices, into {@code out}.
     */
    void decode(ByteBuffer data, int start, int end, LinkFrame out);

    /**
     * Shared by every header that ends with an EtherType (Ethernet, SLL, SLL2): skips any number of stacked
     * 802.1Q / 802.1ad / 0x9100 tags (4 bytes each: TCI then the next EtherType) and classifies the payload.
     */
    static void dispatchEtherType(ByteBuffer data, int typeOffset, int end, LinkFrame out) {
        dispatchEtherType(data, Bytes.u16(data, typeOffset), typeOffset + 2, end, out);
    }

    /** As above, when the EtherType {@code type} was read elsewhere and its payload (or first tag) starts at next. */
    static void dispatchEtherType(ByteBuffer data, int type, int next, int end, LinkFrame out) {
        int tags = 0;
        while (EtherTypes.isVlanTag(type)) {
            if (next + 4 > end) {
                out.truncated();
                return;
            }
            type = Bytes.u16(data, next + 2);
            next += 4;
            tags++;
        }
        out.vlanTags = tags;
        if (type == EtherTypes.IPV4 || type == EtherTypes.IPV6) {
            out.ip(next, type);
        } else if (type == EtherTypes.PPPOE_SESSION) {
            Ppp.pppoe(data, next, end, out);
        } else if (type <= EtherTypes.MAX_8023_LENGTH) {
            llc(data, next, end, out);
        } else {
            out.notIp(type);
        }
    }

    /**
     * An IEEE 802.2 LLC header with SNAP (AA AA 03, OUI, EtherType; RFC 1042): the EtherType says what follows.
     * Other LLC payloads (STP, CDP over other OUIs are still SNAP) are not IP.
     */
    static void llc(ByteBuffer data, int at, int end, LinkFrame out) {
        if (at + 8 > end) {
            out.truncated();
            return;
        }
        if ((data.get(at) & 0xFF) == 0xAA && (data.get(at + 1) & 0xFF) == 0xAA && data.get(at + 2) == 0x03) {
            dispatchEtherType(data, at + 6, end, out);
        } else {
            out.notIp(-(data.get(at) & 0xFF)); // the DSAP, negated: not an EtherType
        }
    }

    /**
     * Starts a frame: no VLAN tags yet, and a frame shorter than its link header is {@code truncated()} (false:
     * nothing more to decode).
     */
    static boolean header(int start, int end, int headerLength, LinkFrame out) {
        out.vlanTags = 0;
        if (end - start < headerLength) {
            out.truncated();
            return false;
        }
        return true;
    }
}
