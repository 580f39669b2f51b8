package io.hopsniff.decoder.tcp;

/** Test builders of link-layer frames around an IP packet (tcpdump.org LINKTYPE pages, IEEE 802.1Q). */
public final class Frames {
    private Frames() {
    }

    /** Ethernet II: dst MAC, src MAC, then per tag {tag type, TCI}, then the EtherType. */
    public static byte[] ethernet(byte[] payload, int etherType, int... tagTypes) {
        byte[] f = new byte[14 + 4 * tagTypes.length + payload.length];
        for (int i = 0; i < 12; i++) {
            f[i] = (byte) (i + 1);
        }
        int at = 12;
        for (int i = 0; i < tagTypes.length; i++) {
            Seg.put16(f, at, tagTypes[i]);
            Seg.put16(f, at + 2, 100 + i); // VLAN id
            at += 4;
        }
        Seg.put16(f, at, etherType);
        System.arraycopy(payload, 0, f, at + 2, payload.length);
        return f;
    }

    /** LINKTYPE_LINUX_SLL: packet type, ARPHRD, address length, 8 address bytes, protocol; 16 bytes. */
    public static byte[] sll(byte[] payload, int protocol) {
        byte[] f = new byte[16 + payload.length];
        Seg.put16(f, 0, 0); // to us
        Seg.put16(f, 2, 1); // ARPHRD_ETHER
        Seg.put16(f, 4, 6);
        for (int i = 0; i < 6; i++) {
            f[6 + i] = (byte) (0xa0 + i);
        }
        Seg.put16(f, 14, protocol);
        System.arraycopy(payload, 0, f, 16, payload.length);
        return f;
    }

    /** LINKTYPE_LINUX_SLL2: protocol, reserved, ifindex, ARPHRD, packet type, address length, 8 address bytes. */
    public static byte[] sll2(byte[] payload, int protocol) {
        byte[] f = new byte[20 + payload.length];
        Seg.put16(f, 0, protocol);
        Seg.put32(f, 4, 3); // interface index
        Seg.put16(f, 8, 1); // ARPHRD_ETHER
        f[10] = 4; // outgoing
        f[11] = 6;
        for (int i = 0; i < 6; i++) {
            f[12 + i] = (byte) (0xb0 + i);
        }
        System.arraycopy(payload, 0, f, 20, payload.length);
        return f;
    }

    /** LINKTYPE_NULL / LOOP: a 4-byte address family in big- or little-endian order. */
    public static byte[] nullLink(byte[] payload, int family, boolean littleEndian) {
        byte[] f = new byte[4 + payload.length];
        if (littleEndian) {
            f[0] = (byte) family;
            f[1] = (byte) (family >> 8);
        } else {
            Seg.put32(f, 0, family);
        }
        System.arraycopy(payload, 0, f, 4, payload.length);
        return f;
    }

    /** An ARP request in an Ethernet frame (RFC 826), as a non-IP frame. */
    public static byte[] arp() {
        byte[] arp = new byte[28];
        Seg.put16(arp, 0, 1);
        Seg.put16(arp, 2, 0x0800);
        arp[4] = 6;
        arp[5] = 4;
        Seg.put16(arp, 6, 1);
        return ethernet(arp, 0x0806);
    }
}
