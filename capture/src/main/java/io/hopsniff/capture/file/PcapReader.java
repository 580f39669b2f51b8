package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.CaptureIssue.Kind;
import io.hopsniff.capture.LinkType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads classic pcap (draft-ietf-opsawg-pcap): a 24-byte file header, then 16-byte record headers
 * each followed by the captured bytes. Both byte orders, microsecond and nanosecond magic.
 */
final class PcapReader {

    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;

    /** libpcap's MAXIMUM_SNAPLEN: a record may exceed the file's snaplen up to this before it is absurd. */
    static final int LIBPCAP_MAX_SNAPLEN = 262_144;
    /** Above this a captured length is absurd whatever the header says. */
    static final int ABSURD_CAPLEN = 256 << 20;

    /** The upper bits of the link type field carry the FCS length (draft-ietf-opsawg-pcap, LinkType and additional information). */
    private static final int LINKTYPE_MASK = 0x03ff_ffff;

    private final ChannelInput in;
    private final Delivery out;

    PcapReader(ChannelInput in, Delivery out) {
        this.in = in;
        this.out = out;
    }

    /** Reads from the file header on; the first four bytes are known to be a pcap magic. */
    void read() throws IOException, CaptureFormatException {
        in.order(ByteOrder.BIG_ENDIAN);
        int magic = in.i32(0);
        in.order(magic == MAGIC_MICROS || magic == MAGIC_NANOS ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean nanos = in.i32(0) == MAGIC_NANOS;
        if (!in.request(FILE_HEADER)) {
            throw new CaptureFormatException("pcap file header truncated: " + in.available(FILE_HEADER) + " of "
                    + FILE_HEADER + " bytes");
        }
        int major = in.u16(4);
        int minor = in.u16(6);
        if (major != 2) {
            throw new CaptureFormatException("unsupported pcap version " + major + "." + minor);
        }
        long snaplen = in.u32(16);
        int linkType = LinkType.normalise(in.i32(20) & LINKTYPE_MASK);
        in.advance(FILE_HEADER);

        // libpcap: before 2.3 the two lengths were written the other way round; 2.3 files may have either.
        boolean swapped = minor < 3;
        boolean maybeSwapped = minor == 3;
        boolean snaplenKnown = snaplen > 0 && snaplen <= ABSURD_CAPLEN;
        long absurdAbove = snaplenKnown ? Math.max(snaplen, LIBPCAP_MAX_SNAPLEN) : ABSURD_CAPLEN;
        long fractionsPerSecond = nanos ? 1_000_000_000L : 1_000_000L;
        long nanosPerFraction = nanos ? 1 : 1_000;

        while (true) {
            long left = in.available(RECORD_HEADER);
            if (left < RECORD_HEADER) {
                if (left > 0) {
                    out.truncated("record header", RECORD_HEADER, left);
                }
                return;
            }
            in.request(RECORD_HEADER);
            long seconds = in.u32(0);
            long fraction = in.u32(4);
            long caplen = in.u32(8);
            long origlen = in.u32(12);
            if (swapped || maybeSwapped && caplen > origlen) {
                long t = caplen;
                caplen = origlen;
                origlen = t;
            }
            if (caplen > absurdAbove) {
                out.stopped(Kind.RECORD_LENGTH_ABSURD, "caplen=" + caplen + " > " + absurdAbove + " (snaplen=" + snaplen + ")");
                return;
            }
            if (caplen > origlen) {
                out.issue(Kind.RECORD_LENGTH_INCONSISTENT, "caplen=" + caplen + " > origlen=" + origlen);
            } else if (snaplenKnown && caplen > snaplen) {
                out.issue(Kind.RECORD_LENGTH_INCONSISTENT, "caplen=" + caplen + " > snaplen=" + snaplen);
            }
            if (origlen > Integer.MAX_VALUE) {
                out.issue(Kind.RECORD_LENGTH_INCONSISTENT, "origlen=" + origlen + " > " + Integer.MAX_VALUE);
                origlen = Integer.MAX_VALUE;
            }
            int recordLength = RECORD_HEADER + (int) caplen;
            left = in.available(recordLength);
            if (left < recordLength) {
                out.truncated("record", recordLength, left);
                return;
            }
            if (fraction >= fractionsPerSecond) {
                out.issue(Kind.TIMESTAMP_INVALID, "fraction=" + fraction + " >= " + fractionsPerSecond);
                seconds += fraction / fractionsPerSecond;
                fraction %= fractionsPerSecond;
            }
            // Unsigned 32-bit seconds (plus carry) times 10^9 stays far below Long.MAX_VALUE.
            long timestamp = seconds * 1_000_000_000L + fraction * nanosPerFraction;
            in.request(recordLength);
            ByteBuffer data = in.view(RECORD_HEADER, (int) caplen);
            out.packet(timestamp, linkType, data, (int) origlen, in.offset() + RECORD_HEADER);
            in.advance(recordLength);
        }
    }

    static boolean isMagic(int bigEndianWord) {
        return bigEndianWord == MAGIC_MICROS || bigEndianWord == MAGIC_NANOS
                || Integer.reverseBytes(bigEndianWord) == MAGIC_MICROS || Integer.reverseBytes(bigEndianWord) == MAGIC_NANOS;
    }
}
