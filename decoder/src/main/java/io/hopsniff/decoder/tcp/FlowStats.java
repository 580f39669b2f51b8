package io.hopsniff.decoder.tcp;

/**
 * Counters for one direction of a connection.
 *
 * @param packets         TCP segments seen (with or without payload)
 * @param wireBytes       payload bytes seen on the wire, retransmissions included
 * @param deliveredBytes  in-order bytes handed to the parsers (each byte once)
 * @param gaps            holes declared (bytes never seen)
 * @param gapBytes        total length of those holes
 * @param retransmissions segments whose bytes had all been seen already
 * @param outOfOrder      segments buffered because they arrived ahead of a hole
 * @param overlapConflicts overlaps whose bytes differed from the first copy
 */
public record FlowStats(long packets, long wireBytes, long deliveredBytes, long gaps, long gapBytes,
                        long retransmissions, long outOfOrder, long overlapConflicts) {
    public static final FlowStats EMPTY = new FlowStats(0, 0, 0, 0, 0, 0, 0, 0);
}
