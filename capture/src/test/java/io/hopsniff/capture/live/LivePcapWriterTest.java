package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopsniff.capture.LinkType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivePcapWriterTest {

    @TempDir
    Path tmp;

    @Test
    void writesClassicNanosecondPcap() throws Exception {
        Path f = tmp.resolve("w.pcap");
        try (LivePcapWriter w = LivePcapWriter.open(f, LinkType.ETHERNET, 100)) {
            w.write(1_700_000_000_123_456_789L, new byte[60], 60, 60);
            w.write(1_700_000_001_000_000_001L, new byte[200], 200, 1514); // longer than the snaplen
            assertThat(w.packets()).isEqualTo(2);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b23c4d);
        assertThat(b.getShort(4)).isEqualTo((short) 2);
        assertThat(b.getShort(6)).isEqualTo((short) 4);
        assertThat(b.getInt(16)).isEqualTo(100);
        assertThat(b.getInt(20)).isEqualTo(LinkType.ETHERNET);
        assertThat(b.getInt(24)).isEqualTo(1_700_000_000);
        assertThat(b.getInt(28)).isEqualTo(123_456_789);
        assertThat(b.getInt(32)).isEqualTo(60);
        int second = 24 + 16 + 60;
        assertThat(b.getInt(second + 4)).isEqualTo(1);
        assertThat(b.getInt(second + 8)).isEqualTo(100);
        assertThat(b.getInt(second + 12)).isEqualTo(1514);
        assertThat(b.capacity()).isEqualTo(second + 16 + 100);
    }

    @Test
    void capinfosReadsIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/capinfos")), "capinfos not installed");
        Path f = tmp.resolve("c.pcap");
        try (LivePcapWriter w = LivePcapWriter.open(f, LinkType.ETHERNET, 262_144)) {
            for (int i = 0; i < 5; i++) {
                w.write(1_700_000_000_000_000_000L + i, new byte[64], 64, 64);
            }
        }
        assertThat(Tools.capinfosPacketCount(f)).isEqualTo(5);
    }
}
