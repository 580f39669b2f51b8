package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.CaptureIssue.Kind;
import io.hopsniff.capture.LinkType;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, each with its own interfaces;
 * Enhanced, Simple and obsolete Packet Blocks are delivered, every other block is skipped and counted.
 *
 * <p>A Simple Packet Block has no timestamp; it gets the previous packet's, so that timers downstream do
 * not jump back to 1970. A block whose framing is broken (length, trailer) stops reading; a block whose
 * framing is sound but whose contents are not (caplen beyond the block, unknown interface) is skipped.
 */
final class PcapngReader {

    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;

    private static final int BLOCK_HEADER = 8;
    private static final int SHB_MIN = 28;
    private static final int IDB_MIN = 20;
    private static final int EPB_MIN = 32;
    private static final int SPB_MIN = 16;
    /** Headers and options around the largest packet we accept. */
    static final long MAX_BLOCK = PcapReader.ABSURD_CAPLEN + (1 << 20);

    private static final int OPT_ENDOFOPT = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;

    private final ChannelInput in;
    private final Delivery out;
    private final List<PcapngInterface> interfaces = new ArrayList<>();
    private final Map<Integer, Long> skipped = new TreeMap<>();
    private long lastTimestamp;

    PcapngReader(ChannelInput in, Delivery out) {
        this.in = in;
        this.out = out;
    }

    void read() throws IOException, CaptureFormatException {
        try {
            readBlocks();
        } finally {
            skipped.forEach((type, count) -> out.fileIssue(Kind.BLOCK_SKIPPED,
                    String.format("type=0x%08x (%s) count=%d", type, blockName(type), count)));
        }
    }

    private void readBlocks() throws IOException, CaptureFormatException {
        boolean first = true;
        while (true) {
            long left = in.available(Math.max(SHB_MIN, BLOCK_HEADER + 4));
            if (left == 0) {
                return;
            }
            if (left < BLOCK_HEADER + 4) {
                if (first) {
                    throw new CaptureFormatException("pcapng section header truncated: " + left + " of " + SHB_MIN + " bytes");
                }
                out.truncated("block header", BLOCK_HEADER + 4, left);
                return;
            }
            in.request(BLOCK_HEADER + 4);
            int type = in.i32(0);
            if (type == SECTION_HEADER) {
                if (!sectionHeader(first, left)) {
                    return;
                }
                first = false;
                continue;
            }
            long length = in.u32(4);
            if (!framed(type, length)) {
                return;
            }
            if (type != ENHANCED_PACKET && type != SIMPLE_PACKET && type != OBSOLETE_PACKET
                    && type != INTERFACE_DESCRIPTION) {
                skipped.merge(type, 1L, Long::sum);
                in.skip(length - 4);
                in.request(4);
                if (!trailerMatches(type, length, 0)) {
                    return;
                }
                in.advance(4);
                continue;
            }
            in.request((int) length);
            if (!trailerMatches(type, length, (int) length - 4)) {
                return;
            }
            switch (type) {
                case ENHANCED_PACKET -> enhancedPacket((int) length);
                case SIMPLE_PACKET -> simplePacket((int) length);
                case OBSOLETE_PACKET -> obsoletePacket((int) length);
                default -> interfaceDescription((int) length);
            }
            in.advance((int) length);
        }
    }

    /** Checks a block's total length; false (after reporting) when reading cannot go on. */
    private boolean framed(int type, long length) throws IOException {
        if (length < BLOCK_HEADER + 4 || length % 4 != 0) {
            out.stopped(Kind.BLOCK_MALFORMED, String.format("block type=0x%08x length=%d", type, length));
            return false;
        }
        if (length > MAX_BLOCK) {
            out.stopped(Kind.RECORD_LENGTH_ABSURD, String.format("block type=0x%08x length=%d > %d", type, length, MAX_BLOCK));
            return false;
        }
        long left = in.available(length);
        if (length > left) {
            out.truncated(String.format("block type=0x%08x", type), length, left);
            return false;
        }
        return true;
    }

    private boolean trailerMatches(int type, long length, int trailerOffset) {
        long trailer = in.u32(trailerOffset);
        if (trailer != length) {
            // The blocks can no longer be framed: reading stops, and the file is corrupt (exit 3), not complete.
            out.stopped(Kind.BLOCK_MALFORMED, String.format("block type=0x%08x length=%d but trailer says %d", type, length, trailer));
            return false;
        }
        return true;
    }

    private boolean sectionHeader(boolean first, long left) throws IOException, CaptureFormatException {
        if (left < SHB_MIN) {
            if (first) {
                throw new CaptureFormatException("pcapng section header truncated: " + left + " of " + SHB_MIN + " bytes");
            }
            out.truncated("section header", SHB_MIN, left);
            return false;
        }
        in.order(ByteOrder.BIG_ENDIAN);
        int magic = in.i32(8);
        if (magic == BYTE_ORDER_MAGIC) {
            in.order(ByteOrder.BIG_ENDIAN);
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            return sectionFailed(first, String.format("bad byte-order magic 0x%08x", magic));
        }
        long length = in.u32(4);
        if (length < SHB_MIN || length % 4 != 0 || length > MAX_BLOCK) {
            return sectionFailed(first, "block length " + length);
        }
        left = in.available(length);
        if (length > left) {
            if (first) {
                throw new CaptureFormatException("pcapng section header truncated: " + left + " of " + length + " bytes");
            }
            out.truncated("section header", length, left);
            return false;
        }
        in.request((int) length);
        long trailer = in.u32((int) length - 4);
        if (trailer != length) {
            return sectionFailed(first, "block length " + length + " but trailer says " + trailer);
        }
        int major = in.u16(12);
        int minor = in.u16(14);
        if (major != 1) {
            return sectionFailed(first, "unsupported pcapng version " + major + "." + minor);
        }
        String problem = walkOptions(SHB_MIN - 4, (int) length - 4, (code, offset, optionLength) -> { });
        if (problem != null) {
            return sectionFailed(first, problem);
        }
        interfaces.clear();
        in.advance((int) length);
        return true;
    }

    private boolean sectionFailed(boolean first, String problem) throws CaptureFormatException {
        if (first) {
            throw new CaptureFormatException("corrupt pcapng section header: " + problem);
        }
        out.issue(Kind.BLOCK_MALFORMED, "section header: " + problem);
        return false;
    }

    private void interfaceDescription(int length) {
        int index = interfaces.size();
        if (length < IDB_MIN) {
            // Still counts as an interface, so later interface ids keep their meaning.
            out.issue(Kind.BLOCK_MALFORMED, "interface " + index + ": block length " + length);
            interfaces.add(new PcapngInterface(-1, 0, TimestampScale.MICROS));
            return;
        }
        int linkType = LinkType.normalise(in.u16(8));
        long snaplen = in.u32(12);
        int[] tsresol = {6};
        long[] tsoffset = {0};
        String problem = walkOptions(16, length - 4, (code, offset, optionLength) -> {
            if (code == IF_TSRESOL && optionLength >= 1) {
                tsresol[0] = in.u8(offset);
            } else if (code == IF_TSOFFSET && optionLength == 8) {
                tsoffset[0] = in.i64(offset);
            }
        });
        if (problem != null) {
            out.issue(Kind.BLOCK_MALFORMED, "interface " + index + ": " + problem);
        }
        if (!TimestampScale.supports(tsresol[0])) {
            out.issue(Kind.BLOCK_MALFORMED, String.format("interface %d: if_tsresol=0x%02x unsupported, using 10^-6",
                    index, tsresol[0]));
            tsresol[0] = 6;
        }
        interfaces.add(new PcapngInterface(linkType, snaplen, TimestampScale.of(tsresol[0], tsoffset[0])));
    }

    private void enhancedPacket(int length) {
        if (length < EPB_MIN) {
            out.issue(Kind.BLOCK_MALFORMED, "enhanced packet block length " + length);
            return;
        }
        packet(in.u32(8), length);
    }

    private void obsoletePacket(int length) {
        if (length < EPB_MIN) {
            out.issue(Kind.BLOCK_MALFORMED, "packet block length " + length);
            return;
        }
        packet(in.u16(8), length);
    }

    /** EPB and the obsolete PB share the layout after the interface id. */
    private void packet(long interfaceId, int length) {
        PcapngInterface face = interfaceFor(interfaceId);
        if (face == null) {
            return;
        }
        long units = in.u32(12) << 32 | in.u32(16);
        long caplen = in.u32(20);
        long origlen = in.u32(24);
        int room = length - EPB_MIN;
        if (caplen > room) {
            out.issue(Kind.BLOCK_MALFORMED, "caplen=" + caplen + " beyond the block (room for " + room + ")");
            return;
        }
        long timestamp = face.scale().toNanos(units);
        if (timestamp == TimestampScale.OUT_OF_RANGE) {
            out.issue(Kind.TIMESTAMP_INVALID, "units=" + Long.toUnsignedString(units) + " if_tsresol="
                    + face.scale().tsresol() + " if_tsoffset=" + face.scale().offsetSeconds() + " out of range");
            timestamp = lastTimestamp;
        }
        deliver(face, timestamp, EPB_MIN - 4, (int) caplen, origlen);
    }

    private void simplePacket(int length) {
        if (length < SPB_MIN) {
            out.issue(Kind.BLOCK_MALFORMED, "simple packet block length " + length);
            return;
        }
        PcapngInterface face = interfaceFor(0);
        if (face == null) {
            return;
        }
        long origlen = in.u32(8);
        long caplen = Math.min(origlen, length - SPB_MIN);
        if (face.snaplen() != 0) {
            caplen = Math.min(caplen, face.snaplen());
        }
        deliver(face, lastTimestamp, SPB_MIN - 4, (int) caplen, origlen);
    }

    private PcapngInterface interfaceFor(long id) {
        if (id >= interfaces.size()) {
            out.issue(Kind.BLOCK_MALFORMED, "packet refers to interface " + id + ", section has " + interfaces.size());
            return null;
        }
        PcapngInterface face = interfaces.get((int) id);
        if (face.linkType() < 0) {
            out.issue(Kind.BLOCK_MALFORMED, "packet refers to malformed interface " + id);
            return null;
        }
        return face;
    }

    private void deliver(PcapngInterface face, long timestamp, int dataOffset, int caplen, long origlen) {
        if (caplen > origlen) {
            out.issue(Kind.RECORD_LENGTH_INCONSISTENT, "caplen=" + caplen + " > origlen=" + origlen);
        } else if (face.snaplen() != 0 && caplen > face.snaplen()) {
            out.issue(Kind.RECORD_LENGTH_INCONSISTENT, "caplen=" + caplen + " > snaplen=" + face.snaplen());
        }
        if (origlen > Integer.MAX_VALUE) {
            out.issue(Kind.RECORD_LENGTH_INCONSISTENT, "origlen=" + origlen + " > " + Integer.MAX_VALUE);
            origlen = Integer.MAX_VALUE;
        }
        lastTimestamp = timestamp;
        out.packet(timestamp, face.linkType(), in.view(dataOffset, caplen), (int) origlen, in.offset() + dataOffset);
    }

    private interface OptionVisitor {
        void option(int code, int valueOffset, int length);
    }

    /** Walks the options between two block offsets; returns what is wrong with them, or null. */
    private String walkOptions(int start, int end, OptionVisitor visitor) {
        int at = start;
        while (at + 4 <= end) {
            int code = in.u16(at);
            int length = in.u16(at + 2);
            if (code == OPT_ENDOFOPT) {
                return null;
            }
            if (at + 4 + length > end) {
                return "option code=" + code + " length=" + length + " runs past the block (" + (end - at - 4) + " bytes left)";
            }
            visitor.option(code, at + 4, length);
            at += 4 + (length + 3 & ~3);
        }
        return null;
    }

    private static String blockName(int type) {
        return switch (type) {
            case 4 -> "name resolution";
            case 5 -> "interface statistics";
            case 9 -> "systemd journal export";
            case 10 -> "decryption secrets";
            case 0x00000BAD, 0x40000BAD -> "custom";
            default -> "unknown";
        };
    }
}
