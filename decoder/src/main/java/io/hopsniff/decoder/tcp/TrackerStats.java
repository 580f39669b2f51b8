package io.hopsniff.decoder.tcp;

/**
 * What the TCP tracker did with the packets it was given, for the report's input section.
 *
 * @param packets              packets received
 * @param bytes                captured bytes received
 * @param linkTypeUnsupported  packets of a link type with no decoder
 * @param l2Truncated          frames shorter than their link header
 * @param nonIp                frames carrying neither IPv4 nor IPv6 (ARP, LLDP, ...)
 * @param ipMalformed          IP headers truncated or inconsistent
 * @param nonTcp               IP packets of another protocol
 * @param ipFragments          IP fragments seen (reassembled; a completed datagram is not counted again)
 * @param tcpMalformed         TCP headers truncated or inconsistent
 * @param filteredOut          TCP segments of connections matching no --server spec
 * @param orphanAcks           pure ACKs (no payload, no SYN/FIN/RST) of unknown connections: not worth a connection
 * @param snaplenTruncated     segments whose payload was cut by the snapshot length (their tail became a gap)
 * @param connectionsTotal     connections created
 * @param activeConnections    connections open now
 * @param peakConcurrent       most connections open at once
 * @param evicted              connections ended to stay under maxConnections
 * @param idleClosed           connections ended by the idle timeout
 * @param portReuses           SYNs that replaced an earlier connection on the same 4-tuple
 * @param reassemblyLimitHits  times the out-of-order buffer limit forced a gap
 * @param compareLimitHits     times the limit on bytes kept for comparing retransmissions refused a direction's ring
 * @param dataAfterClose       segments with payload after their direction's FIN or after a RST
 * @param outOfWindow          segments whose sequence number was absurdly far ahead; ignored
 * @param consumerErrors       exceptions thrown by a StreamConsumer; that connection's delivery was stopped
 */
public record TrackerStats(long packets, long bytes, long linkTypeUnsupported, long l2Truncated, long nonIp,
                           long ipMalformed, long nonTcp, long ipFragments, long tcpMalformed, long filteredOut,
                           long orphanAcks, long snaplenTruncated, long connectionsTotal, long activeConnections,
                           long peakConcurrent, long evicted, long idleClosed, long portReuses,
                           long reassemblyLimitHits, long compareLimitHits, long dataAfterClose, long outOfWindow,
                           long consumerErrors) {

    /** Frames dropped because a header was truncated or inconsistent, at any layer. */
    public long malformed() {
        return l2Truncated + ipMalformed + tcpMalformed;
    }

    /** Times a limit was hit: connection limit (evictions), reassembly limit and compare limit. */
    public long limitHits() {
        return evicted + reassemblyLimitHits + compareLimitHits;
    }
}
