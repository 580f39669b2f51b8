package io.hopsniff.capture;

import java.util.SortedSet;

/**
 * What a reader saw of one file, for the report's {@code input} section.
 *
 * @param format     "pcap" or "pcapng"
 * @param linkTypes  every link type that a packet used (pcapng may mix them)
 * @param packets    records delivered to the sink
 * @param bytes      captured bytes delivered
 * @param fileBytes  size of the file; for a stream (FIFO, pipe), the bytes read from it
 * @param truncated  true when the file ended inside a record (the packets before it were delivered)
 * @param corrupt    true when reading stopped before the end at a record or block that cannot be framed (an
 *                   absurd or malformed length): the packets before it were delivered, the rest of the file not
 */
public record FileSummary(String path, String format, SortedSet<Integer> linkTypes, long packets, long bytes,
                          long fileBytes, boolean truncated, boolean corrupt) {
}
