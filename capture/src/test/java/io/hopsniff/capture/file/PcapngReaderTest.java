package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.CaptureIssue.Kind;
import io.hopsniff.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pcapng built by hand from draft-ietf-opsawg-pcapng: SHB (0x0A0D0D0A, byte-order magic 0x1A2B3C4D),
 * IDB (type 1: link type, reserved, snaplen, options; if_tsresol = 9, if_tsoffset = 14), EPB (type 6),
 * SPB (type 3), obsolete PB (type 2).
 */
class PcapngReaderTest {

    private static final int IDB = 1;
    private static final int PB = 2;
    private static final int SPB = 3;
    private static final int ISB = 5;
    private static final int EPB = 6;
    private static final byte[] PAYLOAD = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    @TempDir
    Path dir;

    private static Bytes idb(ByteOrder order, int linkType, long snaplen, Bytes options) {
        Bytes body = Bytes.of(order).u16(linkType).u16(0).u32(snaplen);
        if (options != null) {
            body.raw(options).u16(0).u16(0);
        }
        return body;
    }

    private static Bytes epb(ByteOrder order, int interfaceId, long units, byte[] data, long origlen) {
        return Bytes.of(order).u32(interfaceId).u32(units >>> 32).u32(units & 0xffff_ffffL)
                .u32(data.length).u32(origlen).raw(data);
    }

    private static Bytes tsresol(ByteOrder order, int value) {
        return Bytes.of(order).option(9, new byte[] {(byte) value});
    }

    @Test
    void nanosecondResolution() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, tsresol(ByteOrder.LITTLE_ENDIAN, 9)));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1_600_000_000_123_456_789L, PAYLOAD, 60));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).containsExactly(
                new RecordingSink.Packet(1_600_000_000_123_456_789L, LinkType.ETHERNET, PAYLOAD, 60));
        assertThat(r.sink().issues).isEmpty();
        assertThat(r.summary().format()).isEqualTo("pcapng");
        assertThat(r.summary().truncated()).isFalse();
    }

    @Test
    void defaultResolutionIsMicroseconds() throws Exception {
        Bytes f = Bytes.be().sectionHeader();
        f.block(IDB, idb(ByteOrder.BIG_ENDIAN, 1, 65535, null));
        f.block(EPB, epb(ByteOrder.BIG_ENDIAN, 0, 1_600_000_000_123_456L, PAYLOAD, 4));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(1_600_000_000_123_456_000L);
    }

    @Test
    void powerOfTwoResolution() throws Exception {
        // if_tsresol 0x94: most significant bit set, so 2^-20 seconds per unit.
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, tsresol(ByteOrder.LITTLE_ENDIAN, 0x94)));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1_600_000_000L << 20 | 1 << 19, PAYLOAD, 4));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1_600_000_000L << 20 | 3 << 18, PAYLOAD, 4));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(1_600_000_000_500_000_000L, 1_600_000_000_750_000_000L);
    }

    @Test
    void coarsePowerOfTenResolution() throws Exception {
        // if_tsresol 3: milliseconds.
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, tsresol(ByteOrder.LITTLE_ENDIAN, 3)));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1_600_000_000_123L, PAYLOAD, 4));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(1_600_000_000_123_000_000L);
    }

    @Test
    void timestampOffsetInSecondsIsAdded() throws Exception {
        Bytes options = tsresol(ByteOrder.LITTLE_ENDIAN, 9)
                .option(14, Bytes.le().u64(1_600_000_000L).toArray());
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, options));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 5, PAYLOAD, 4));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(1_600_000_000_000_000_005L);
    }

    @Test
    void simplePacketBlocksUseInterfaceZero() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 113, 3, null));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 7_000_000, new byte[] {1, 2}, 2));
        // Captured length = min(original length 4, snaplen 3, room in the block 4).
        f.block(SPB, Bytes.le().u32(4).raw(PAYLOAD));
        // Original length 2 inside a 4-byte padded body: min(2, 3, 4).
        f.block(SPB, Bytes.le().u32(2).raw(PAYLOAD));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).containsExactly(
                new RecordingSink.Packet(7_000_000_000L, 113, new byte[] {1, 2}, 2),
                new RecordingSink.Packet(7_000_000_000L, 113, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe}, 4),
                new RecordingSink.Packet(7_000_000_000L, 113, new byte[] {(byte) 0xde, (byte) 0xad}, 2));
        assertThat(r.sink().issues).isEmpty();
    }

    @Test
    void simplePacketLimitedByTheBlock() throws Exception {
        Bytes f = Bytes.be().sectionHeader();
        f.block(IDB, idb(ByteOrder.BIG_ENDIAN, 1, 0, null));
        // Original length 1500, but only 4 bytes in the block.
        f.block(SPB, Bytes.be().u32(1500).raw(PAYLOAD));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).containsExactly(new RecordingSink.Packet(0, 1, PAYLOAD, 1500));
    }

    @Test
    void obsoletePacketBlock() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, null));
        f.block(PB, Bytes.le().u16(0).u16(0).u32(0).u32(1_000_001).u32(4).u32(64).raw(PAYLOAD));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).containsExactly(new RecordingSink.Packet(1_000_001_000L, 1, PAYLOAD, 64));
    }

    @Test
    void otherBlocksAreSkippedAndCounted() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(0x1234_5678, Bytes.le().u32(1).u32(2));
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, null));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1, PAYLOAD, 4));
        f.block(ISB, Bytes.le().u32(0).u32(0).u32(0));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 2, PAYLOAD, 4));
        f.block(ISB, Bytes.le().u32(0).u32(0).u32(0));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).hasSize(2);
        assertThat(r.sink().issues).extracting(i -> i.kind() + " " + i.detail()).containsExactly(
                "BLOCK_SKIPPED type=0x00000005 (interface statistics) count=2",
                "BLOCK_SKIPPED type=0x12345678 (unknown) count=1");
    }

    @Test
    void sectionsInBothByteOrdersEachWithTheirOwnInterfaces() throws Exception {
        Bytes f = Bytes.be().sectionHeader();
        f.block(IDB, idb(ByteOrder.BIG_ENDIAN, 1, 0, null));
        f.block(EPB, epb(ByteOrder.BIG_ENDIAN, 0, 1_000_000, PAYLOAD, 4));
        Bytes second = Bytes.le().sectionHeader();
        second.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 0, 0, tsresol(ByteOrder.LITTLE_ENDIAN, 9)));
        second.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 2_000_000_000L, PAYLOAD, 4));
        // The second section describes one interface only.
        second.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 1, 3, PAYLOAD, 4));
        f.raw(second);

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).containsExactly(
                new RecordingSink.Packet(1_000_000_000L, LinkType.ETHERNET, PAYLOAD, 4),
                new RecordingSink.Packet(2_000_000_000L, LinkType.NULL, PAYLOAD, 4));
        assertThat(r.sink().issueKinds()).containsExactly(Kind.BLOCK_MALFORMED);
        assertThat(r.summary().linkTypes()).containsExactly(LinkType.NULL, LinkType.ETHERNET);
    }

    @Test
    void aNewSectionForgetsTheOldInterfaces() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, null));
        f.sectionHeader();
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1, PAYLOAD, 4));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).isEmpty();
        assertThat(r.sink().issueKinds()).containsExactly(Kind.BLOCK_MALFORMED);
    }

    @Test
    void capturedLengthBeyondTheBlockIsSkipped() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, null));
        f.block(EPB, Bytes.le().u32(0).u32(0).u32(1).u32(100).u32(100).raw(PAYLOAD));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 2, PAYLOAD, 4));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos).containsExactly(2_000L);
        assertThat(r.sink().issueKinds()).containsExactly(Kind.BLOCK_MALFORMED);
    }

    @Test
    void trailerMismatchStops() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, null));
        // An EPB of 32 + 4 bytes whose trailing length says 40.
        f.u32(EPB).u32(36).u32(0).u32(0).u32(1).u32(4).u32(4).raw(PAYLOAD).u32(40);
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 2, PAYLOAD, 4));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).isEmpty();
        assertThat(r.sink().issueKinds()).containsExactly(Kind.BLOCK_MALFORMED);
        assertThat(r.summary().corrupt()).isTrue();
    }

    @Test
    void absurdBlockLengthStops() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, null));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1, PAYLOAD, 4));
        f.u32(EPB).u32(0x7fff_fff0L).raw(new byte[40]);

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).hasSize(1);
        assertThat(r.sink().issueKinds()).containsExactly(Kind.RECORD_LENGTH_ABSURD);
        assertThat(r.summary().truncated()).isFalse();
    }

    @Test
    void fileEndingInsideABlock() throws Exception {
        Bytes f = Bytes.le().sectionHeader();
        f.block(IDB, idb(ByteOrder.LITTLE_ENDIAN, 1, 0, null));
        f.block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 1, PAYLOAD, 4));
        byte[] whole = Bytes.le().block(EPB, epb(ByteOrder.LITTLE_ENDIAN, 0, 2, PAYLOAD, 4)).toArray();
        f.raw(java.util.Arrays.copyOf(whole, whole.length - 6));

        Reading.Result r = Reading.read(dir, f.toArray());

        assertThat(r.sink().packets).hasSize(1);
        assertThat(r.sink().issueKinds()).containsExactly(Kind.TRUNCATED_RECORD);
        assertThat(r.summary().truncated()).isTrue();
    }

    @Test
    void corruptFirstSectionHeaderIsAFormatError() throws Exception {
        Path badMagic = dir.resolve("bad-magic.pcapng");
        Files.write(badMagic, Bytes.le().u32(0x0A0D0D0A).u32(28).u32(0x11223344).u16(1).u16(0).u64(-1).u32(28)
                .toArray());
        Path badVersion = dir.resolve("bad-version.pcapng");
        Files.write(badVersion, Bytes.le().u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(2).u16(0).u64(-1).u32(28)
                .toArray());
        // An option claiming 100 bytes in a block with room for 4.
        Path longOption = dir.resolve("long-option.pcapng");
        Files.write(longOption, Bytes.le().u32(0x0A0D0D0A).u32(32).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1)
                .u16(1).u16(100).u32(32).toArray());

        assertThatThrownBy(() -> CaptureFiles.read(badMagic, new RecordingSink()))
                .isInstanceOf(CaptureFormatException.class).hasMessageContaining("byte-order magic");
        assertThatThrownBy(() -> CaptureFiles.read(badVersion, new RecordingSink()))
                .isInstanceOf(CaptureFormatException.class).hasMessageContaining("unsupported pcapng version 2.0");
        assertThatThrownBy(() -> CaptureFiles.read(longOption, new RecordingSink()))
                .isInstanceOf(CaptureFormatException.class).hasMessageContaining("runs past the block");
    }
}
