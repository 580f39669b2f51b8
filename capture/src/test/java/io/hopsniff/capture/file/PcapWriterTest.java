package io.hopsniff.capture.file;

import io.hopsniff.capture.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PcapWriterTest {

    private static final byte[] PAYLOAD = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

    @TempDir
    Path dir;

    private static byte[] write(PcapWriter.Precision precision, int snaplen, long ts, byte[] data, int origlen)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(Channels.newChannel(bytes), LinkType.ETHERNET, snaplen, precision)) {
            w.packet(ts, LinkType.ETHERNET, ByteBuffer.wrap(data), origlen);
        }
        return bytes.toByteArray();
    }

    @Test
    void nanosecondLayoutFollowsThePcapDraft() throws Exception {
        byte[] expected = Bytes.le().raw((byte) 0x4d, (byte) 0x3c, (byte) 0xb2, (byte) 0xa1)
                .u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)
                .u32(1_600_000_000L).u32(123_456_789).u32(4).u32(60).raw(PAYLOAD).toArray();

        assertThat(write(PcapWriter.Precision.NANO, 65535, 1_600_000_000_123_456_789L, PAYLOAD, 60)).isEqualTo(expected);
    }

    @Test
    void microsecondOptionTruncatesTheFraction() throws Exception {
        byte[] expected = Bytes.le().raw((byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1)
                .u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)
                .u32(1_600_000_000L).u32(123_456).u32(4).u32(4).raw(PAYLOAD).toArray();

        assertThat(write(PcapWriter.Precision.MICRO, 65535, 1_600_000_000_123_456_789L, PAYLOAD, 4)).isEqualTo(expected);
    }

    @Test
    void snaplenCutsTheRecordButKeepsTheOriginalLength() throws Exception {
        byte[] file = write(PcapWriter.Precision.NANO, 2, 0, PAYLOAD, 4);

        ByteBuffer record = ByteBuffer.wrap(file, 24, file.length - 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(record.getInt(24 + 8)).isEqualTo(2);
        assertThat(record.getInt(24 + 12)).isEqualTo(4);
        assertThat(file).hasSize(24 + 16 + 2);
    }

    @Test
    void roundTripThroughTheReader() throws Exception {
        Path file = dir.resolve("round.pcap");
        List<RecordingSink.Packet> written = new ArrayList<>();
        try (PcapWriter w = PcapWriter.create(file, LinkType.LINUX_SLL2, 4 << 20, PcapWriter.Precision.NANO)) {
            for (int i = 0; i < 300; i++) {
                // Some records larger than the writer's 1 MiB buffer.
                int size = i % 100 == 99 ? (1 << 20) + 17 * i : 40 + i * 13 % 1500;
                byte[] frame = Bytes.frame(size, i);
                ByteBuffer data = ByteBuffer.wrap(frame);
                long ts = 1_700_000_000_000_000_000L + i * 1_234_567L;
                w.packet(ts, LinkType.LINUX_SLL2, data, size + i % 3);
                assertThat(data.position()).isZero();
                written.add(new RecordingSink.Packet(ts, LinkType.LINUX_SLL2, frame, size + i % 3));
            }
        }

        RecordingSink read = new RecordingSink();
        CaptureFiles.read(file, read);

        assertThat(read.packets).containsExactlyElementsOf(written);
        assertThat(read.issues).isEmpty();
    }

    @Test
    void misuseIsRefused() throws Exception {
        PcapWriter w = new PcapWriter(Channels.newChannel(new ByteArrayOutputStream()), 1, 65535, PcapWriter.Precision.NANO);
        assertThatThrownBy(() -> w.packet(0, LinkType.RAW, ByteBuffer.wrap(PAYLOAD), 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.packet(-1, PAYLOAD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.packet((1L << 32) * 1_000_000_000L, PAYLOAD)).isInstanceOf(IllegalArgumentException.class);
        w.close();
        assertThatThrownBy(() -> w.packet(0, PAYLOAD)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void capinfosReadsWhatWeWrite() throws Exception {
        Path capinfos = Path.of("/usr/bin/capinfos");
        assumeTrue(Files.isExecutable(capinfos), "capinfos is not installed");
        Path nanos = dir.resolve("nanos.pcap");
        try (PcapWriter w = PcapWriter.create(nanos, LinkType.ETHERNET)) {
            w.packet(1_600_000_000_123_456_789L, Bytes.frame(60, 1));
            w.packet(1_600_000_001_000_000_001L, Bytes.frame(1514, 2));
            w.packet(1_600_000_002_999_999_999L, Bytes.frame(64, 3));
        }
        Path micros = dir.resolve("micros.pcap");
        try (PcapWriter w = PcapWriter.create(micros, LinkType.LINUX_SLL, 65535, PcapWriter.Precision.MICRO)) {
            w.packet(1_600_000_000_123_456_789L, Bytes.frame(60, 1));
        }

        String n = run(capinfos.toString(), "-M", "-S", "-t", "-E", "-c", "-a", "-e", "-d", nanos.toString());
        String m = run(capinfos.toString(), "-M", "-S", "-t", "-E", "-c", "-a", micros.toString());

        assertThat(n).containsPattern("File type:\\s+nsecpcap")
                .containsPattern("File encapsulation:\\s+ether")
                .containsPattern("Number of packets:\\s+3")
                .containsPattern("Data size:\\s+1638 bytes")
                .containsPattern("First packet time:\\s+1600000000\\.123456789")
                .containsPattern("Last packet time:\\s+1600000002\\.999999999");
        assertThat(m).containsPattern("File type:\\s+pcap\\b")
                .containsPattern("File encapsulation:\\s+linux-sll")
                .containsPattern("Number of packets:\\s+1")
                .containsPattern("First packet time:\\s+1600000000\\.123456\\b");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
