package io.hopsniff.decoder.h2;

/**
 * A header block that cannot be decoded (RFC 7541 §5, §6: bad index, bad Huffman padding, integer overflow,
 * truncated literal). Internal: {@link Http2Decoder} turns it into a finding and never lets it out.
 */
final class HpackException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The run's budget for HPACK tables had no room for an entry: a limit, not a malformed block. */
    final boolean budget;

    HpackException(String message) {
        this(message, false);
    }

    HpackException(String message, boolean budget) {
        super(message, null, false, false);
        this.budget = budget;
    }
}
