package io.hopsniff.decoder.tcp;

/**
 * The port heuristic for connections first seen mid-stream: a port is a hint, the upper layer's first-bytes check
 * (and {@link TcpConnection#swapRoles()}) decides.
 */
final class ServerPorts {
    /** Ports that are almost always the server side of an HTTP-ish hop. Sorted for binary search. */
    private static final int[] WELL_KNOWN = {80, 81, 443, 591, 3000, 5000, 8000, 8008, 8080, 8081, 8088, 8443, 8888,
            9000, 9080, 9090, 9443, 12656};

    private ServerPorts() {
    }

    static boolean wellKnown(int port) {
        return java.util.Arrays.binarySearch(WELL_KNOWN, port) >= 0;
    }

    /**
     * Which of two ports is the server: 1 the destination, -1 the source, 0 undecided (then the destination of the
     * first packet is taken, also returned as "destination" by callers).
     */
    static int serverByPort(int sourcePort, int destinationPort) {
        boolean s = wellKnown(sourcePort);
        boolean d = wellKnown(destinationPort);
        if (d && !s) {
            return 1;
        }
        if (s && !d) {
            return -1;
        }
        int low = Math.min(sourcePort, destinationPort);
        if (low < 1024 && sourcePort != destinationPort) {
            return destinationPort == low ? 1 : -1;
        }
        return 0;
    }
}
