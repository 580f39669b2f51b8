package io.hopsniff.capture;

/**
 * A problem found in a capture container: a truncated file, an absurd record length, a block we skip.
 *
 * @param kind        what went wrong, stable for the report
 * @param packetIndex the zero-based index of the record it concerns, or -1 when it is about the file
 * @param detail      the variable part, e.g. {@code "caplen=4294967295 > 262144"}
 */
public record CaptureIssue(Kind kind, long packetIndex, String detail) {

    public enum Kind {
        /** The file ends in the middle of a record header or body. */
        TRUNCATED_RECORD,
        /** A record claims a captured length beyond any sane snapshot length; reading stops there. */
        RECORD_LENGTH_ABSURD,
        /** A record's captured length exceeds its original length, or the file's snaplen. */
        RECORD_LENGTH_INCONSISTENT,
        /** A timestamp's fraction is out of range for its resolution; it is carried over into seconds. */
        TIMESTAMP_INVALID,
        /** A pcapng block type we do not use was skipped (counted, not an error). */
        BLOCK_SKIPPED,
        /** A pcapng block is malformed (bad length, bad trailer, unknown interface); reading stops or skips it. */
        BLOCK_MALFORMED,
        /** A packet refers to a link type hopsniff cannot decode. */
        LINKTYPE_UNSUPPORTED,
        /** Live capture: the hand-off to the decoder was full and the packet was dropped by hopsniff. */
        HANDOFF_DROPPED,
        /** Live capture: writing the {@code --write-pcap} file failed (e.g. its file system is full); it stops. */
        PCAP_WRITE_FAILED
    }
}
