package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.http.HttpHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HPACK decoding context (RFC 7541): one per direction of a connection, since each sender has its own
 * encoder. Decodes whole header blocks; fields beyond the header-list budget are decoded (the table must stay in
 * step) but not kept. Strings are ISO-8859-1, one char per octet, so no octet is lost or replaced.
 */
final class HpackDecoder {

    /** What one block gave. */
    static final class Block {
        final List<HttpHeader> fields = new ArrayList<>();
        /** Sum of name + value + 32 over all fields, kept or not (RFC 9113 §6.5.2). */
        long listBytes;
        boolean listTruncated;
        /** A size update above what the receiver advertised (a COMPRESSION_ERROR for a real peer). */
        long sizeUpdateAboveSetting = -1;
        /** A size update hopsniff capped at its own table bound. */
        long sizeUpdateCapped = -1;
    }

    private final HpackDynamicTable table;
    private long settingMax = 4096;

    /** @param tableCapacity hopsniff's bound on the dynamic table, in RFC 7541 octets */
    HpackDecoder(long tableCapacity) {
        this(tableCapacity, io.hopsniff.decoder.http.KeptBytes.unlimited());
    }

    /** {@code budget}: the run's budget for the octets of all HPACK tables, which this table's are held from. */
    HpackDecoder(long tableCapacity, io.hopsniff.decoder.http.KeptBytes budget) {
        this.table = new HpackDynamicTable(4096, tableCapacity, budget);
    }

    /** The receiver's SETTINGS_HEADER_TABLE_SIZE: the most the encoder may use (§4.2). */
    void setSettingMax(long value) {
        settingMax = value;
    }

    long settingMax() {
        return settingMax;
    }

    HpackDynamicTable table() {
        return table;
    }

    Block decode(byte[] src, int off, int len, long maxListBytes) throws HpackException {
        Block out = new Block();
        int[] pos = {off};
        int end = off + len;
        while (pos[0] < end) {
            int b = src[pos[0]] & 0xFF;
            if ((b & 0x80) != 0) {
                int index = readInt(src, pos, end, 7);
                keep(out, lookup(index), maxListBytes);
            } else if ((b & 0xC0) == 0x40) {
                HttpHeader h = literal(src, pos, end, 6);
                if (!table.add(h)) {
                    throw new HpackException("limit_all=" + table.budgetLimit()
                            + " (tables of all connections together), table_entry=" + HpackDynamicTable.entrySize(h), true);
                }
                keep(out, h, maxListBytes);
            } else if ((b & 0xE0) == 0x20) {
                long size = readInt(src, pos, end, 5);
                if (size > settingMax) {
                    out.sizeUpdateAboveSetting = size;
                }
                if (!table.setMaxSize(size)) {
                    out.sizeUpdateCapped = size;
                }
            } else {
                // 0000xxxx without indexing, 0001xxxx never indexed: both 4-bit prefixes
                keep(out, literal(src, pos, end, 4), maxListBytes);
            }
        }
        return out;
    }

    private static void keep(Block out, HttpHeader h, long maxListBytes) {
        out.listBytes += HpackDynamicTable.entrySize(h);
        if (out.listBytes > maxListBytes) {
            out.listTruncated = true;
        } else {
            out.fields.add(h);
        }
    }

    private HttpHeader lookup(int index) throws HpackException {
        if (index <= 0) {
            throw new HpackException("index 0");
        }
        if (index <= HpackStaticTable.LENGTH) {
            return HpackStaticTable.get(index);
        }
        int dyn = index - HpackStaticTable.LENGTH - 1;
        if (dyn >= table.length()) {
            throw new HpackException("index " + index + " beyond table (" + table.length() + " dynamic entries)");
        }
        return table.get(dyn);
    }

    private HttpHeader literal(byte[] src, int[] pos, int end, int prefix) throws HpackException {
        int index = readInt(src, pos, end, prefix);
        String name = index == 0 ? readString(src, pos, end) : lookup(index).name();
        return new HttpHeader(name, readString(src, pos, end));
    }

    private static String readString(byte[] src, int[] pos, int end) throws HpackException {
        if (pos[0] >= end) {
            throw new HpackException("string literal missing");
        }
        boolean huffman = (src[pos[0]] & 0x80) != 0;
        int len = readInt(src, pos, end, 7);
        if (len > end - pos[0]) {
            throw new HpackException("string literal of " + len + " octets exceeds the block");
        }
        int at = pos[0];
        pos[0] += len;
        return huffman ? HpackHuffman.decode(src, at, len) : new String(src, at, len, StandardCharsets.ISO_8859_1);
    }

    /** §5.1 prefixed integer; values above 2^31-1 are rejected (no real table, index or length is that big). */
    static int readInt(byte[] src, int[] pos, int end, int prefix) throws HpackException {
        int max = (1 << prefix) - 1;
        int value = src[pos[0]++] & max;
        if (value < max) {
            return value;
        }
        long v = value;
        int shift = 0;
        while (true) {
            if (pos[0] >= end) {
                throw new HpackException("integer truncated");
            }
            int b = src[pos[0]++] & 0xFF;
            v += (long) (b & 0x7F) << shift;
            if (v > Integer.MAX_VALUE) {
                throw new HpackException("integer overflow");
            }
            if ((b & 0x80) == 0) {
                return (int) v;
            }
            shift += 7;
            if (shift > 28) {
                throw new HpackException("integer too long");
            }
        }
    }
}
