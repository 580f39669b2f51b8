package io.hopsniff.decoder.tcp;

import io.hopsniff.decoder.ip.IpAddresses;
import io.hopsniff.decoder.ip.IpPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which servers the packets that --server filtered out were for, so an empty result can say what the capture
 * held instead ("servers seen: 127.0.0.1:12656 ..."). The server of a packet is the SYN's destination, the SYN-ACK's
 * source, else the side the port says ({@link ServerPorts}). At most {@link #MAX} servers are counted; later new
 * ones are not, so a scan or a flood costs bounded memory.
 */
final class FilteredServers {
    private static final int MAX = 1024;
    private final Map<String, Long> counts = new HashMap<>();

    void count(IpPacket ip, TcpSegment tcp) {
        boolean syn = tcp.has(TcpSegment.SYN);
        boolean ack = tcp.has(TcpSegment.ACK);
        boolean destinationIsServer = syn ? !ack : ServerPorts.serverByPort(tcp.sourcePort, tcp.destinationPort) >= 0;
        byte[] address = destinationIsServer ? ip.destination : ip.source;
        int port = destinationIsServer ? tcp.destinationPort : tcp.sourcePort;
        String key = new Endpoint(IpAddresses.format(address, ip.addressLength), port).toString();
        Long n = counts.get(key);
        if (n != null || counts.size() < MAX) {
            counts.put(key, n == null ? 1 : n + 1);
        }
    }

    /** The {@code n} servers with most packets, most first (ties by name, for a stable message). */
    List<Map.Entry<String, Long>> top(int n) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }
}
