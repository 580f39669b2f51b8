package io.hopsniff.decoder.h2;

/**
 * Limits of the HTTP/2 decoder, each a running budget: hitting one is a finding, never an OutOfMemoryError.
 *
 * @param maxHeaderListBytes the most header-list octets kept per header block (RFC 9113 §6.5.2 counting: name +
 *                           value + 32 per field); also the most compressed octets buffered for one block
 *                           (HEADERS/PUSH_PROMISE plus CONTINUATIONs). Beyond it fields are dropped; a block beyond
 *                           it is skipped and that direction's HPACK state is lost.
 * @param maxDynamicTable    the most octets one HPACK dynamic table may hold, whatever size the peers announce
 * @param bodyPrefixBytes    how many DATA bytes per message to copy into {@code bodyPrefix}; 0 copies none
 * @param maxDecodedHeaderBytes the most header-list octets one direction of a connection may decode into kept
 *                           fields in all; beyond it only the pseudo-header fields of each block are kept, so an
 *                           HPACK amplification (a tiny block referring to large table entries, again and again)
 *                           cannot make the report thousands of times the capture's size
 * @param maxOpenStreams     streams open at once on one connection before the oldest is emitted incomplete
 *                           ({@code --max-h2-streams}; real servers allow 100-250)
 */
public record H2Config(int maxHeaderListBytes, int maxDynamicTable, int bodyPrefixBytes, long maxDecodedHeaderBytes,
                       int maxOpenStreams) {

    public static final H2Config DEFAULTS = new H2Config(64 * 1024, 64 * 1024, 0, 4L << 20, 4096);

    public H2Config {
        if (maxHeaderListBytes < 1) {
            throw new IllegalArgumentException("maxHeaderListBytes must be >= 1, got " + maxHeaderListBytes);
        }
        if (maxDynamicTable < 0) {
            throw new IllegalArgumentException("maxDynamicTable must be >= 0, got " + maxDynamicTable);
        }
        if (bodyPrefixBytes < 0) {
            throw new IllegalArgumentException("bodyPrefixBytes must be >= 0, got " + bodyPrefixBytes);
        }
        if (maxOpenStreams < 1) {
            throw new IllegalArgumentException("maxOpenStreams must be >= 1, got " + maxOpenStreams);
        }
    }

    public H2Config withMaxHeaderListBytes(int v) {
        return new H2Config(v, maxDynamicTable, bodyPrefixBytes, maxDecodedHeaderBytes, maxOpenStreams);
    }

    public H2Config withMaxDynamicTable(int v) {
        return new H2Config(maxHeaderListBytes, v, bodyPrefixBytes, maxDecodedHeaderBytes, maxOpenStreams);
    }

    public H2Config withBodyPrefixBytes(int v) {
        return new H2Config(maxHeaderListBytes, maxDynamicTable, v, maxDecodedHeaderBytes, maxOpenStreams);
    }

    public H2Config withMaxOpenStreams(int v) {
        return new H2Config(maxHeaderListBytes, maxDynamicTable, bodyPrefixBytes, maxDecodedHeaderBytes, v);
    }

    public H2Config withMaxDecodedHeaderBytes(long v) {
        return new H2Config(maxHeaderListBytes, maxDynamicTable, bodyPrefixBytes, v, maxOpenStreams);
    }
}
