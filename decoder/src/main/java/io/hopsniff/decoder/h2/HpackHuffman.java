package io.hopsniff.decoder.h2;

/**
 * RFC 7541 Appendix B Huffman decoding. The code is canonical (codes of one length are consecutive, in symbol
 * order, each length starting where the previous ended, shifted), so the table is kept as code lengths only and
 * the codes are derived; {@code HpackHuffmanTest} checks the derivation against codes printed in Appendix B and
 * the Appendix C strings. Decoding walks a binary tree held in two int arrays.
 */
final class HpackHuffman {

    static final int EOS = 256;

    /** Code length in bits for symbols 0..255 and EOS (256), RFC 7541 Appendix B. */
    static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    };

    /** Codes derived from {@link #LENGTHS}, right-aligned. */
    static final int[] CODES = new int[257];

    /** Tree: node n has children ZERO[n] / ONE[n]; a child value < 0 is a leaf holding symbol (-value - 1). */
    private static final int[] ZERO;
    private static final int[] ONE;

    static {
        int code = 0;
        int prevLen = 0;
        for (int len = 1; len <= 30; len++) {
            for (int sym = 0; sym <= EOS; sym++) {
                if (LENGTHS[sym] == len) {
                    code <<= (len - prevLen);
                    prevLen = len;
                    CODES[sym] = code;
                    code++;
                }
            }
        }
        int[] zero = new int[512];
        int[] one = new int[512];
        int nodes = 1;
        for (int sym = 0; sym <= EOS; sym++) {
            int node = 0;
            int len = LENGTHS[sym];
            for (int bit = len - 1; bit >= 0; bit--) {
                int[] side = ((CODES[sym] >>> bit) & 1) == 0 ? zero : one;
                if (bit == 0) {
                    side[node] = -sym - 1;
                } else {
                    if (side[node] == 0) {
                        side[node] = nodes++;
                    }
                    node = side[node];
                }
            }
        }
        ZERO = zero;
        ONE = one;
    }

    private HpackHuffman() {
    }

    /**
     * Decodes {@code len} bytes at {@code off} into ISO-8859-1 chars.
     *
     * @throws HpackException on the EOS symbol, padding longer than 7 bits, or padding not all ones (§5.2)
     */
    static String decode(byte[] src, int off, int len) throws HpackException {
        char[] out = new char[len * 8 / 5 + 1];
        int n = 0;
        int node = 0;
        int depth = 0;
        boolean allOnes = true;
        for (int i = off; i < off + len; i++) {
            int b = src[i] & 0xFF;
            for (int bit = 7; bit >= 0; bit--) {
                int one = (b >>> bit) & 1;
                int next = one == 0 ? ZERO[node] : ONE[node];
                if (next < 0) {
                    int sym = -next - 1;
                    if (sym == EOS) {
                        throw new HpackException("huffman EOS symbol in string");
                    }
                    out[n++] = (char) sym;
                    node = 0;
                    depth = 0;
                    allOnes = true;
                } else {
                    node = next;
                    depth++;
                    allOnes &= one == 1;
                }
            }
        }
        if (depth > 7 || !allOnes) {
            throw new HpackException("huffman padding invalid (bits=" + depth + ")");
        }
        return new String(out, 0, n);
    }
}
