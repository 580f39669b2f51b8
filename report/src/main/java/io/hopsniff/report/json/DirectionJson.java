package io.hopsniff.report.json;

/** Counters for one direction of a connection (see FlowStats). */
public record DirectionJson(long packets, long wireBytes, long deliveredBytes, long gaps, long gapBytes,
                            long retransmissions, long outOfOrder, long overlapConflicts,
                            long nonHttpBytes, long tunnelBytes) {
}
