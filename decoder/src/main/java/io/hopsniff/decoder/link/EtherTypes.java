package io.hopsniff.decoder.link;

/** IEEE 802 EtherType values the link decoders care about. */
public final class EtherTypes {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int IPV6 = 0x86DD;
    /** PPPoE session stage (RFC 2516 §4). */
    public static final int PPPOE_SESSION = 0x8864;
    /** Values up to this are an IEEE 802.3 length, and an 802.2 LLC header follows. */
    public static final int MAX_8023_LENGTH = 1500;
    /** IEEE 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** IEEE 802.1ad service tag (QinQ outer tag). */
    public static final int QINQ = 0x88A8;
    /** Pre-standard QinQ outer tag used by some switches. */
    public static final int QINQ_LEGACY = 0x9100;

    private EtherTypes() {
    }

    public static boolean isVlanTag(int etherType) {
        return etherType == VLAN || etherType == QINQ || etherType == QINQ_LEGACY;
    }
}
