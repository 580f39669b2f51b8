package io.hopsniff.decoder.h2;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one endpoint sent and advertised: its framing, the HPACK context that decodes its header blocks, the
 * settings it announced (which bound what the other side may send), its connection send window, and its open
 * header block, if any.
 */
final class H2Side {

    final FrameReader reader;
    final HpackDecoder hpack;
    boolean hpackLost;
    /** Header-list octets decoded into kept fields so far (budgeted by maxDecodedHeaderBytes). */
    long decodedHeaderBytes;
    final long[] frames = new long[11]; // by type 0..9, 10 = unknown
    long bytes;
    final Map<String, Long> settings = new LinkedHashMap<>();
    long maxFrameSize = 16384;
    long initialWindow = 65535;
    long enableConnect;
    /** This endpoint's connection-level send window (RFC 9113 §6.9.1). */
    long connectionWindow = 65535;
    String goaway;

    // the header block being assembled (HEADERS / PUSH_PROMISE + CONTINUATION)
    int blockStream = -1;
    int blockType;
    int blockFlags;
    int blockPromised;
    byte[] blockBuf = new byte[0];
    int blockLen;
    boolean blockOverflow;
    long blockFirstTs;
    long blockHeadBytes;

    /** Time of the header of the frame being read; the stream DATA is being read for, or null. */
    long frameTs;
    H2Stream dataStream;

    H2Side(FrameReader reader, HpackDecoder hpack) {
        this.reader = reader;
        this.hpack = hpack;
    }

    void clearBlock() {
        blockStream = -1;
        blockLen = 0;
        blockOverflow = false;
        if (blockBuf.length > 4096) {
            blockBuf = new byte[0];
        }
    }

    void append(byte[] src, int off, int len, int cap) {
        if (blockOverflow || len <= 0) {
            blockOverflow |= len < 0;
            return;
        }
        if ((long) blockLen + len > cap) {
            blockOverflow = true;
            return;
        }
        if (blockBuf.length < blockLen + len) {
            blockBuf = java.util.Arrays.copyOf(blockBuf, Math.min(cap, Math.max(blockLen + len, blockBuf.length * 2)));
        }
        System.arraycopy(src, off, blockBuf, blockLen, len);
        blockLen += len;
    }

    /** Frames sent per type name, in type-code order, UNKNOWN last. */
    java.util.Map<String, Long> frameCounts() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (int t = 0; t < frames.length; t++) {
            if (frames[t] > 0) {
                m.put(t <= H2Names.CONTINUATION ? H2Names.frameType(t) : "UNKNOWN", frames[t]);
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
