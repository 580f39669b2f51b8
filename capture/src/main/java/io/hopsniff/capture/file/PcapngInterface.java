package io.hopsniff.capture.file;

/**
 * What an Interface Description Block says about the packets that refer to it.
 *
 * @param linkType normalised LINKTYPE_ value
 * @param snaplen  0 when the writer set no limit
 */
record PcapngInterface(int linkType, long snaplen, TimestampScale scale) {
}
