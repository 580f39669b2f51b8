package io.hopsniff.decoder.ip;

/** IANA protocol numbers (and IPv6 extension header types) the decoders use. */
public final class IpProtocols {
    public static final int HOP_BY_HOP = 0;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int AH = 51;
    public static final int NO_NEXT_HEADER = 59;
    public static final int DESTINATION_OPTIONS = 60;

    private IpProtocols() {
    }
}
