package io.hopsniff.capture;

/**
 * LINKTYPE_ values from the tcpdump.org link-layer header types registry that hopsniff decodes.
 * Readers normalise the platform DLT_ numbers that leak into files (DLT_RAW 12/14) to these.
 */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** PPP, with or without the HDLC-like address/control bytes (RFC 1661, RFC 1662). */
    public static final int PPP = 9;
    public static final int PPP_HDLC = 50;
    /** PPPoE session frames without their Ethernet header (RFC 2516). */
    public static final int PPP_ETHER = 51;
    public static final int RAW = 101;
    /** Cisco HDLC: address, control, then an EtherType. */
    public static final int C_HDLC = 104;
    public static final int IEEE802_11 = 105;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IEEE802_11_PRISM = 119;
    public static final int IEEE802_11_RADIOTAP = 127;
    public static final int IEEE802_11_AVS = 163;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    /** Linux netfilter NFLOG (iptables -j NFLOG, tcpdump -i nflog:N). */
    public static final int NFLOG = 239;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** Maps the DLT_ values some writers store (BSD DLT_RAW 12 and OpenBSD's 14) to LINKTYPE_RAW. */
    public static int normalise(int headerValue) {
        return switch (headerValue) {
            case 12, 14 -> RAW;
            default -> headerValue;
        };
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "null";
            case ETHERNET -> "ethernet";
            case RAW -> "raw";
            case LOOP -> "loop";
            case LINUX_SLL -> "linux-sll";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case LINUX_SLL2 -> "linux-sll2";
            case PPP -> "ppp";
            case PPP_HDLC -> "ppp-hdlc";
            case PPP_ETHER -> "pppoe";
            case C_HDLC -> "cisco-hdlc";
            case IEEE802_11 -> "ieee802.11";
            case IEEE802_11_PRISM -> "ieee802.11-prism";
            case IEEE802_11_RADIOTAP -> "ieee802.11-radiotap";
            case IEEE802_11_AVS -> "ieee802.11-avs";
            case NFLOG -> "nflog";
            default -> "linktype-" + linkType;
        };
    }
}
