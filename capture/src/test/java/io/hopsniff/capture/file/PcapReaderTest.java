package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.CaptureIssue.Kind;
import io.hopsniff.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Classic pcap, built by hand from draft-ietf-opsawg-pcap: magic a1b2c3d4 (microseconds) or a1b23c4d
 * (nanoseconds) in the writer's byte order, version 2.4, snaplen, link type; then per record seconds,
 * fraction, captured length, original length, data.
 */
class PcapReaderTest {

    private static final byte[] LE_MICROS = {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1};
    private static final byte[] BE_MICROS = {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4};
    private static final byte[] LE_NANOS = {(byte) 0x4d, (byte) 0x3c, (byte) 0xb2, (byte) 0xa1};
    private static final byte[] BE_NANOS = {(byte) 0xa1, (byte) 0xb2, (byte) 0x3c, (byte) 0x4d};
    private static final byte[] PAYLOAD = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    @TempDir
    Path dir;

    private static Bytes header(Bytes b, byte[] magic, long snaplen, long linkType) {
        return b.raw(magic).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(linkType);
    }

    @Test
    void littleEndianMicroseconds() throws Exception {
        Bytes b = header(Bytes.le(), LE_MICROS, 65535, 1);
        b.u32(1_600_000_000L).u32(123_456).u32(4).u32(60).raw(PAYLOAD);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).containsExactly(
                new RecordingSink.Packet(1_600_000_000_123_456_000L, LinkType.ETHERNET, PAYLOAD, 60));
        assertThat(r.sink().issues).isEmpty();
        assertThat(r.summary().format()).isEqualTo("pcap");
        assertThat(r.summary().linkTypes()).containsExactly(1);
        assertThat(r.summary().packets()).isEqualTo(1);
        assertThat(r.summary().bytes()).isEqualTo(4);
        assertThat(r.summary().fileBytes()).isEqualTo(24 + 16 + 4);
        assertThat(r.summary().truncated()).isFalse();
    }

    @Test
    void bigEndianMicroseconds() throws Exception {
        Bytes b = header(Bytes.be(), BE_MICROS, 65535, 113);
        b.u32(1_600_000_000L).u32(1).u32(4).u32(4).raw(PAYLOAD);
        b.u32(1_600_000_001L).u32(999_999).u32(0).u32(0);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).containsExactly(
                new RecordingSink.Packet(1_600_000_000_000_001_000L, LinkType.LINUX_SLL, PAYLOAD, 4),
                new RecordingSink.Packet(1_600_000_001_999_999_000L, LinkType.LINUX_SLL, new byte[0], 0));
    }

    @Test
    void littleEndianNanoseconds() throws Exception {
        Bytes b = header(Bytes.le(), LE_NANOS, 65535, 1);
        b.u32(1_600_000_000L).u32(999_999_999).u32(4).u32(4).raw(PAYLOAD);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(1_600_000_000_999_999_999L);
    }

    @Test
    void bigEndianNanoseconds() throws Exception {
        Bytes b = header(Bytes.be(), BE_NANOS, 65535, 1);
        b.u32(0xffff_ffffL).u32(5).u32(4).u32(4).raw(PAYLOAD);

        Reading.Result r = Reading.read(dir, b.toArray());

        // Seconds are unsigned 32-bit: 0xffffffff is 2106-02-07, not -1.
        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(4_294_967_295_000_000_005L);
    }

    @Test
    void fractionOutOfRangeIsCarriedIntoSeconds() throws Exception {
        Bytes b = header(Bytes.le(), LE_NANOS, 65535, 1);
        b.u32(100).u32(1_000_000_000L).u32(0).u32(0);
        b.u32(100).u32(2_147_483_648L).u32(0).u32(0);
        Bytes micro = header(Bytes.le(), LE_MICROS, 65535, 1);
        micro.u32(100).u32(1_500_000).u32(0).u32(0);

        Reading.Result nanos = Reading.read(dir, b.toArray());
        Reading.Result micros = Reading.read(dir, micro.toArray());

        assertThat(nanos.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(101_000_000_000L, 102_147_483_648L);
        assertThat(nanos.sink().issueKinds()).containsExactly(Kind.TIMESTAMP_INVALID, Kind.TIMESTAMP_INVALID);
        assertThat(nanos.sink().issues).extracting(i -> i.packetIndex()).containsExactly(0L, 1L);
        assertThat(micros.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(101_500_000_000L);
        assertThat(micros.sink().issueKinds()).containsExactly(Kind.TIMESTAMP_INVALID);
    }

    @Test
    void fcsBitsInTheLinkTypeFieldAreMasked() throws Exception {
        // Top nibble: FCS length 1 (in 16-bit units); bit 26: the F bit saying it is present; low 16 bits: link type 1.
        Bytes b = header(Bytes.le(), LE_MICROS, 65535, 0x1400_0001L);
        b.u32(1).u32(0).u32(4).u32(4).raw(PAYLOAD);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.summary().linkTypes()).containsExactly(LinkType.ETHERNET);
    }

    @Test
    void bsdDltRawIsNormalised() throws Exception {
        Bytes b = header(Bytes.le(), LE_MICROS, 65535, 12);
        b.u32(1).u32(0).u32(4).u32(4).raw(PAYLOAD);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::linkType).containsExactly(LinkType.RAW);
    }

    @Test
    void unsupportedVersionIsOneLine() throws Exception {
        Bytes b = Bytes.le().raw(LE_MICROS).u16(1).u16(0).u32(0).u32(0).u32(65535).u32(1);
        Path file = dir.resolve("v1.pcap");
        java.nio.file.Files.write(file, b.toArray());

        assertThatThrownBy(() -> CaptureFiles.read(file, new RecordingSink()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("unsupported pcap version 1.0");
    }

    @Test
    void truncatedFileHeader() throws Exception {
        Path file = dir.resolve("short.pcap");
        java.nio.file.Files.write(file, Bytes.le().raw(LE_MICROS).u16(2).u16(4).toArray());

        assertThatThrownBy(() -> CaptureFiles.read(file, new RecordingSink()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessage("pcap file header truncated: 8 of 24 bytes");
    }

    @Test
    void absurdLengthStopsWithThePacketsBefore() throws Exception {
        Bytes b = header(Bytes.le(), LE_MICROS, 65535, 1);
        b.u32(1).u32(0).u32(4).u32(4).raw(PAYLOAD);
        // libpcap's rule: beyond both the snaplen and 262144 is absurd.
        b.u32(2).u32(0).u32(262_145).u32(262_145).raw(new byte[64]);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).hasSize(1);
        assertThat(r.sink().issueKinds()).containsExactly(Kind.RECORD_LENGTH_ABSURD);
        assertThat(r.sink().issues.get(0).packetIndex()).isEqualTo(1);
        assertThat(r.summary().truncated()).isFalse();
    }

    @Test
    void hugeLengthIsAbsurdWhateverTheSnaplen() throws Exception {
        Bytes b = header(Bytes.le(), LE_MICROS, 0xffff_ffffL, 1);
        b.u32(2).u32(0).u32(0xffff_fff0L).u32(0xffff_fff0L).raw(new byte[64]);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).isEmpty();
        assertThat(r.sink().issueKinds()).containsExactly(Kind.RECORD_LENGTH_ABSURD);
    }

    @Test
    void inconsistentLengthsAreDeliveredAnyway() throws Exception {
        Bytes b = header(Bytes.le(), LE_MICROS, 2, 1);
        b.u32(1).u32(0).u32(4).u32(3).raw(PAYLOAD);   // caplen > origlen
        b.u32(1).u32(0).u32(4).u32(9).raw(PAYLOAD);   // caplen > snaplen 2

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).extracting(p -> p.data().length).containsExactly(4, 4);
        assertThat(r.sink().issueKinds()).containsExactly(Kind.RECORD_LENGTH_INCONSISTENT, Kind.RECORD_LENGTH_INCONSISTENT);
    }

    @Test
    void fileEndingInsideARecordHeader() throws Exception {
        Bytes b = header(Bytes.le(), LE_MICROS, 65535, 1);
        b.u32(1).u32(0).u32(4).u32(4).raw(PAYLOAD);
        b.u32(2).u32(0).u16(4);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).hasSize(1);
        assertThat(r.sink().issueKinds()).containsExactly(Kind.TRUNCATED_RECORD);
        assertThat(r.summary().truncated()).isTrue();
    }

    @Test
    void fileEndingInsideAPacket() throws Exception {
        Bytes b = header(Bytes.be(), BE_NANOS, 65535, 1);
        b.u32(1).u32(0).u32(4).u32(4).raw(PAYLOAD);
        b.u32(2).u32(0).u32(100).u32(100).raw(new byte[50]);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).hasSize(1);
        assertThat(r.sink().issueKinds()).containsExactly(Kind.TRUNCATED_RECORD);
        assertThat(r.summary().truncated()).isTrue();
        assertThat(r.summary().packets()).isEqualTo(1);
    }

    @Test
    void version22FilesHaveTheLengthsSwapped() throws Exception {
        // libpcap (sf-pcap.c): files before 2.3 wrote the original length first.
        Bytes b = Bytes.le().raw(LE_MICROS).u16(2).u16(2).u32(0).u32(0).u32(65535).u32(1);
        b.u32(1).u32(0).u32(60).u32(4).raw(PAYLOAD);

        Reading.Result r = Reading.read(dir, b.toArray());

        assertThat(r.sink().packets).containsExactly(new RecordingSink.Packet(1_000_000_000L, 1, PAYLOAD, 60));
    }

    @Test
    void packetLargerThanTheDefaultBuffer() throws Exception {
        int size = CaptureFiles.DEFAULT_BUFFER + 12345;
        byte[] big = Bytes.frame(size, 3);
        Bytes b = header(Bytes.le(), LE_NANOS, 8 << 20, 1);
        b.u32(1).u32(0).u32(4).u32(4).raw(PAYLOAD);
        b.u32(2).u32(0).u32(size).u32(size).raw(big);
        b.u32(3).u32(0).u32(4).u32(4).raw(PAYLOAD);
        Path file = dir.resolve("big.pcap");
        java.nio.file.Files.write(file, b.toArray());

        Reading.Result r = Reading.read(file, CaptureFiles.DEFAULT_BUFFER);

        assertThat(r.sink().packets).extracting(RecordingSink.Packet::timestampNanos)
                .containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
        assertThat(r.sink().packets.get(1).data()).isEqualTo(big);
        assertThat(r.sink().issues).isEmpty();
    }
}
