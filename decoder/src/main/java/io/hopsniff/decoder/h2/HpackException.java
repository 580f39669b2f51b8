package io.hopsniff.decoder.h2;

/**
 * A header block that cannot be decoded (RFC 7541 §5, §6: bad index, bad Huffman padding, integer overflow,
 * truncated literal). Internal: {@link Http2Decoder} turns it into a finding and never lets it out.
 */
final class HpackException extends Exception {
    private static final long serialVersionUID = 1L;

    HpackException(String message) {
        super(message, null, false, false);
    }
}
