package io.hopsniff.capture;

/**
 * LINKTYPE_ values from the tcpdump.org link-layer header types registry that hopsniff decodes.
 * Readers normalise the platform DLT_ numbers that leak into files (DLT_RAW 12/14) to these.
 */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
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
            default -> "linktype-" + linkType;
        };
    }
}
