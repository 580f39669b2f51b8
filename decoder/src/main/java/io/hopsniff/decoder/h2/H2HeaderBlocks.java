package io.hopsniff.decoder.h2;

import static io.hopsniff.decoder.h2.H2Names.FLAG_PADDED;
import static io.hopsniff.decoder.h2.H2Names.FLAG_PRIORITY;
import static io.hopsniff.decoder.h2.H2Names.HEADERS;
import static io.hopsniff.decoder.h2.H2Names.PUSH_PROMISE;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.tcp.Direction;
import java.util.List;

/**
 * Header blocks (RFC 9113 §4.3, §6.2, §6.6, §6.10): where a HEADERS or PUSH_PROMISE frame's block fragment lies,
 * and the HPACK decoding of a complete block (RFC 7541) with its limits. A block that cannot be decoded loses that
 * direction's HPACK state: later blocks are counted, not decoded.
 */
final class H2HeaderBlocks {

    private H2HeaderBlocks() {
    }

    /**
     * The block fragment of a HEADERS / PUSH_PROMISE frame.
     *
     * @param offset    where the fragment starts in the payload (after pad length, priority, promised id)
     * @param end       where it ends (before the padding)
     * @param promised  the promised stream id of a PUSH_PROMISE, else 0
     * @param malformed stream 0, padding beyond the frame, or a PUSH_PROMISE from the client or promising 0
     */
    record Fragment(int offset, int end, int promised, boolean malformed) {
    }

    static Fragment fragment(Direction d, int length, int type, int flags, int streamId, byte[] p, int kept) {
        int off = 0;
        int pad = 0;
        if ((flags & FLAG_PADDED) != 0) {
            pad = length > 0 ? p[0] & 0xFF : 0;
            off = 1;
        }
        int promised = 0;
        if (type == HEADERS && (flags & FLAG_PRIORITY) != 0) {
            off += 5;
        } else if (type == PUSH_PROMISE) {
            if (kept >= off + 4) {
                promised = ((p[off] & 0x7F) << 24) | ((p[off + 1] & 0xFF) << 16) | ((p[off + 2] & 0xFF) << 8)
                        | (p[off + 3] & 0xFF);
            }
            off += 4;
        }
        int fragEnd = length - pad;
        boolean bad = streamId == 0 || fragEnd < off || (type == PUSH_PROMISE && (d.ordinal() == 0 || promised == 0));
        return new Fragment(off, fragEnd, promised, bad);
    }

    /** Past the budget a block keeps what the exchange needs to be told: its pseudo-headers, each cut short. */
    static List<HttpHeader> pseudoOnly(List<HttpHeader> fields) {
        List<HttpHeader> kept = new java.util.ArrayList<>(4);
        for (HttpHeader h : fields) {
            if (h.name().startsWith(":")) {
                kept.add(h.value().length() <= 256 ? h : new HttpHeader(h.name(), h.value().substring(0, 256)));
            }
        }
        return List.copyOf(kept);
    }

    /** The fields of a complete block, or null when the direction's HPACK state is (or just got) lost. */
    static List<HttpHeader> decode(Direction d, H2Side side, byte[] b, int off, int len, boolean overflow, int streamId,
                                   H2Config cfg, AnomalyAggregator anomalies, long ts) {
        List<HttpHeader> fields = null;
        if (overflow && !side.hpackLost) {
            anomalies.report(AnomalyType.H2_HEADER_LIST_TOO_LARGE, ts, 0, "direction=" + d.shortName() + ", stream="
                    + streamId + ", compressedBytes>" + cfg.maxHeaderListBytes() + ", hpack=lost");
            side.hpackLost = true;
        } else if (!side.hpackLost) {
            try {
                HpackDecoder.Block block = side.hpack.decode(b, off, len, cfg.maxHeaderListBytes());
                fields = List.copyOf(block.fields);
                side.decodedHeaderBytes += block.listBytes;
                if (side.decodedHeaderBytes > cfg.maxDecodedHeaderBytes()) {
                    anomalies.report(AnomalyType.H2_DECODED_HEADERS_LIMIT, ts, 0, "direction=" + d.shortName()
                            + ", stream=" + streamId + ", decoded_bytes=" + side.decodedHeaderBytes + ", limit="
                            + cfg.maxDecodedHeaderBytes());
                    fields = pseudoOnly(fields);
                }
                if (block.listTruncated) {
                    anomalies.report(AnomalyType.H2_HEADER_LIST_TOO_LARGE, ts, 0, "direction=" + d.shortName()
                            + ", stream=" + streamId + ", list_bytes=" + block.listBytes + ", limit="
                            + cfg.maxHeaderListBytes());
                }
                if (block.sizeUpdateAboveSetting >= 0) {
                    anomalies.report(AnomalyType.H2_HPACK_TABLE_SIZE_EXCEEDED, ts, 0, "direction=" + d.shortName()
                            + ", update=" + block.sizeUpdateAboveSetting + ", setting=" + side.hpack.settingMax());
                }
                if (block.sizeUpdateCapped >= 0) {
                    anomalies.report(AnomalyType.H2_HPACK_TABLE_LIMIT, ts, 0, "direction=" + d.shortName()
                            + ", update=" + block.sizeUpdateCapped + ", limit=" + cfg.maxDynamicTable());
                }
            } catch (HpackException e) {
                if (e.budget) {
                    anomalies.report(AnomalyType.H2_HPACK_TABLE_LIMIT, ts, 0, "direction=" + d.shortName()
                            + ", stream=" + streamId + ", " + e.getMessage() + ", hpack=lost");
                } else {
                    anomalies.report(AnomalyType.H2_HPACK_DECODING_FAILED, ts, 0, "direction=" + d.shortName()
                            + ", stream=" + streamId + ", error=" + e.getMessage());
                }
                side.hpackLost = true;
                side.hpack.table().release(); // never read again: its octets go back to the budget
            }
        }
        return fields;
    }
}
