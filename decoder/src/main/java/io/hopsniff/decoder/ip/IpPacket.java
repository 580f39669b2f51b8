package io.hopsniff.decoder.ip;

/**
 * The result of decoding one IP header; one instance is reused for every packet (no allocation). Addresses are
 * copied into fixed arrays; the payload is described by absolute indices into the packet buffer.
 */
public final class IpPacket {

    /** What the network layer found. */
    public enum Outcome {
        /** A TCP payload at {@link #payloadOffset}. */
        TCP,
        /** Another protocol ({@link #protocol}), or IPv6 "no next header". */
        NOT_TCP,
        /** A fragment (MF set or offset not 0): handed to {@link IpFragments}; see the fragment fields. */
        FRAGMENT,
        /** The header is cut short by the captured length. */
        TRUNCATED,
        /** The header is inconsistent (version, IHL, lengths). */
        BAD_HEADER
    }

    public Outcome outcome;
    /** 4 or 6. */
    public int version;
    /** 4 or 16: how many bytes of {@link #source} and {@link #destination} are used. */
    public int addressLength;
    public final byte[] source = new byte[16];
    public final byte[] destination = new byte[16];
    /** The upper-layer protocol number (6 for TCP). */
    public int protocol;
    /** Absolute index of the first byte of the upper-layer header. */
    public int payloadOffset;
    /** Absolute index after the last captured upper-layer byte (trailing link padding excluded). */
    public int payloadCapturedEnd;
    /** Upper-layer length on the wire according to the IP header: larger than captured when snaplen cut it. */
    public int payloadWireLength;
    /** FRAGMENT: the datagram's identification (IPv4: 16 bits; IPv6: the fragment header's 32). */
    public long fragmentId;
    /** FRAGMENT: where this fragment's bytes go in the datagram's fragmentable part, in bytes. */
    public int fragmentOffset;
    /** FRAGMENT: more fragments follow (MF / M). */
    public boolean moreFragments;
    /** A constant naming what is wrong for TRUNCATED / BAD_HEADER, for anomaly details. */
    public String problem;

    /** Upper-layer bytes that the capture did not keep (snaplen). */
    public int missingBytes() {
        return Math.max(0, payloadWireLength - (payloadCapturedEnd - payloadOffset));
    }

    Outcome fail(Outcome outcome, String problem) {
        this.outcome = outcome;
        this.problem = problem;
        return outcome;
    }
}
