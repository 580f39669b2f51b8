package io.hopsniff.decoder.link;

/**
 * The result of decoding one link-layer header; one instance is reused for every packet (no allocation).
 * Valid until the next decode.
 */
public final class LinkFrame {

    /** What the link layer found. */
    public enum Outcome {
        /** The frame carries IPv4 or IPv6 at {@link #networkOffset}. */
        IP,
        /** The frame carries something else (ARP, LLDP, ...); {@link #etherType} names it. */
        NOT_IP,
        /** The frame is shorter than its link-layer header. */
        TRUNCATED
    }

    public Outcome outcome;
    /** Absolute index in the packet buffer of the first byte of the network-layer header. */
    public int networkOffset;
    /**
     * {@link EtherTypes#IPV4}, {@link EtherTypes#IPV6}, or 0 when the link layer does not say and the IP version
     * nibble decides (RAW). For NOT_IP: the EtherType, or the negated address family / protocol value.
     */
    public int etherType;
    /** Number of 802.1Q / 802.1ad tags skipped. */
    public int vlanTags;

    void ip(int offset, int type) {
        outcome = Outcome.IP;
        networkOffset = offset;
        etherType = type;
    }

    void notIp(int type) {
        outcome = Outcome.NOT_IP;
        etherType = type;
    }

    void truncated() {
        outcome = Outcome.TRUNCATED;
    }
}
