package io.hopsniff.decoder.tcp;

/**
 * The unordered 4-tuple. The tracker keeps one mutable instance as a lookup probe, so finding a connection
 * allocates nothing; a copy is made only when a connection is created. Endpoints are stored in canonical order
 * (lower address, then lower port, is endpoint A), so both directions find the same key.
 */
final class ConnectionKey {
    private long aHigh;
    private long aLow;
    private long bHigh;
    private long bLow;
    private int aPort;
    private int bPort;
    private int version;
    private int hash;

    /** Sets the probe from one packet; returns true when the packet's source is endpoint A. */
    boolean set(int version, byte[] src, byte[] dst, int length, int srcPort, int dstPort) {
        long sHigh = length == 16 ? high(src) : 0;
        long sLow = length == 16 ? low(src, 8) : low4(src);
        long dHigh = length == 16 ? high(dst) : 0;
        long dLow = length == 16 ? low(dst, 8) : low4(dst);
        int c = Long.compareUnsigned(sHigh, dHigh);
        if (c == 0) {
            c = Long.compareUnsigned(sLow, dLow);
        }
        if (c == 0) {
            c = Integer.compare(srcPort, dstPort);
        }
        boolean sourceIsA = c <= 0;
        this.version = version;
        if (sourceIsA) {
            aHigh = sHigh; aLow = sLow; aPort = srcPort;
            bHigh = dHigh; bLow = dLow; bPort = dstPort;
        } else {
            aHigh = dHigh; aLow = dLow; aPort = dstPort;
            bHigh = sHigh; bLow = sLow; bPort = srcPort;
        }
        long h = aHigh * 31 + aLow;
        h = h * 31 + bHigh;
        h = h * 31 + bLow;
        h = h * 31 + ((long) aPort << 16 | bPort);
        h = h * 31 + version;
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        hash = (int) (h ^ h >>> 32);
        return sourceIsA;
    }

    ConnectionKey copy() {
        ConnectionKey k = new ConnectionKey();
        k.aHigh = aHigh; k.aLow = aLow; k.bHigh = bHigh; k.bLow = bLow;
        k.aPort = aPort; k.bPort = bPort; k.version = version; k.hash = hash;
        return k;
    }

    private static long high(byte[] a) {
        return low(a, 0);
    }

    private static long low(byte[] a, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }

    private static long low4(byte[] a) {
        return (a[0] & 0xffL) << 24 | (a[1] & 0xffL) << 16 | (a[2] & 0xffL) << 8 | (a[3] & 0xffL);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionKey k && k.hash == hash && k.aLow == aLow && k.bLow == bLow && k.aPort == aPort
                && k.bPort == bPort && k.aHigh == aHigh && k.bHigh == bHigh && k.version == version;
    }
}
