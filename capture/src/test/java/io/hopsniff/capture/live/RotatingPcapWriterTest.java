package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopsniff.capture.LinkType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rotation rules of {@link Rotation} and {@link RotatingPcapWriter}, with made-up packets and clocks. */
class RotatingPcapWriterTest {

    private static final long T = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** pcap file header, and per record header, in bytes (the classic format). */
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    @TempDir
    Path tmp;

    @Test
    void namesPutTheNumberBeforeTheExtensionPaddedToFourDigits() {
        Path dir = Path.of("/captures");
        assertThat(Rotation.fileName(dir.resolve("incident.pcap"), 1)).isEqualTo(dir.resolve("incident-0001.pcap"));
        assertThat(Rotation.fileName(dir.resolve("incident.pcap"), 42)).isEqualTo(dir.resolve("incident-0042.pcap"));
        assertThat(Rotation.fileName(dir.resolve("incident.pcap"), 12345)).isEqualTo(dir.resolve("incident-12345.pcap"));
        assertThat(Rotation.fileName(dir.resolve("incident"), 3)).isEqualTo(dir.resolve("incident-0003"));
        assertThat(Rotation.fileName(dir.resolve("a.b.pcap"), 1)).isEqualTo(dir.resolve("a.b-0001.pcap"));
        assertThat(Rotation.fileName(Path.of("/x.d/cap"), 1)).isEqualTo(Path.of("/x.d/cap-0001"));
        assertThat(Rotation.fileName(dir.resolve(".hidden"), 7)).isEqualTo(dir.resolve(".hidden-0007"));
        assertThat(Rotation.fileName(Path.of("rel.pcap"), 2)).isEqualTo(Path.of("rel-0002.pcap"));
        assertThatThrownBy(() -> Rotation.fileName(dir.resolve("x.pcap"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRingNeedsSomethingToRotateAt() {
        assertThat(Rotation.none().enabled()).isFalse();
        assertThatThrownBy(() -> new Rotation(0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Rotation(1, 0, 3).enabled()).isTrue();
    }

    @Test
    void bySizeTheNextFileStartsOnceTheCurrentOneHoldsTheSize() throws Exception {
        // Three 100-byte records make 24 + 3 * 116 = 372 bytes: at exactly the size the next packet starts a file.
        Path base = tmp.resolve("s.pcap");
        try (RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535,
                new Rotation(FILE_HEADER + 3 * (RECORD_HEADER + 100), 0, 0), T)) {
            for (int i = 0; i < 10; i++) {
                w.write(T + i, packet(i, 100), 100, 100);
            }
            assertThat(w.packets()).isEqualTo(10);
        }
        assertThat(files()).containsExactly("s-0001.pcap", "s-0002.pcap", "s-0003.pcap", "s-0004.pcap");
        assertThat(packetIds(tmp.resolve("s-0001.pcap"))).containsExactly(0, 1, 2);
        assertThat(packetIds(tmp.resolve("s-0002.pcap"))).containsExactly(3, 4, 5);
        assertThat(packetIds(tmp.resolve("s-0003.pcap"))).containsExactly(6, 7, 8);
        assertThat(packetIds(tmp.resolve("s-0004.pcap"))).containsExactly(9);
        for (String f : files()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(f)))).isEqualTo("rw-------");
        }
    }

    @Test
    void oneByteBelowTheSizeTakesOneMorePacket() throws Exception {
        Path base = tmp.resolve("s.pcap");
        try (RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535,
                new Rotation(FILE_HEADER + 3 * (RECORD_HEADER + 100) + 1, 0, 0), T)) {
            for (int i = 0; i < 5; i++) {
                w.write(T + i, packet(i, 100), 100, 100);
            }
        }
        assertThat(packetIds(tmp.resolve("s-0001.pcap"))).containsExactly(0, 1, 2, 3);
        assertThat(packetIds(tmp.resolve("s-0002.pcap"))).containsExactly(4);
    }

    @Test
    void theRingKeepsTheNewestFilesAndRemovesTheOldestOfThisRun() throws Exception {
        Path base = tmp.resolve("r.pcap");
        Files.writeString(tmp.resolve("other.pcap"), "not ours");
        RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535,
                new Rotation(FILE_HEADER + 2 * (RECORD_HEADER + 50), 0, 3), T);
        try (w) {
            for (int i = 0; i < 10; i++) {
                w.write(T + i, packet(i, 50), 50, 50);
            }
        }
        // five files of two packets; the ring of three removed the first two
        assertThat(files()).containsExactly("other.pcap", "r-0003.pcap", "r-0004.pcap", "r-0005.pcap");
        assertThat(w.files()).containsExactly(tmp.resolve("r-0003.pcap"), tmp.resolve("r-0004.pcap"),
                tmp.resolve("r-0005.pcap"));
        assertThat(w.removed()).isEqualTo(2);
        assertThat(w.notRemoved()).isEmpty();
        assertThat(packetIds(tmp.resolve("r-0003.pcap"))).containsExactly(4, 5);
        assertThat(packetIds(tmp.resolve("r-0005.pcap"))).containsExactly(8, 9);
    }

    @Test
    void numberInReadsBackOnlyTheNamesFileNameGives() {
        Path base = tmp.resolve("incident.pcap");
        assertThat(Rotation.numberIn(base, tmp.resolve("incident-0001.pcap"))).isEqualTo(1);
        assertThat(Rotation.numberIn(base, tmp.resolve("incident-12345.pcap"))).isEqualTo(12345);
        assertThat(Rotation.numberIn(base, tmp.resolve("incident-001.pcap"))).isZero();
        assertThat(Rotation.numberIn(base, tmp.resolve("incident-00042.pcap"))).isZero();
        assertThat(Rotation.numberIn(base, tmp.resolve("incident-0000.pcap"))).isZero();
        assertThat(Rotation.numberIn(base, tmp.resolve("incident-0001.pcapng"))).isZero();
        assertThat(Rotation.numberIn(base, tmp.resolve("incident-x001.pcap"))).isZero();
        assertThat(Rotation.numberIn(base, tmp.resolve("incident.pcap"))).isZero();
        assertThat(Rotation.numberIn(tmp.resolve("cap"), tmp.resolve("cap-0007"))).isEqualTo(7);
    }

    /** A service restarted after a crash: its packets from before the crash stay, and the ring still holds. */
    @Test
    void aSecondRunContinuesTheSeriesAndItsRingCountsTheFirstRunsFiles() throws Exception {
        Path base = tmp.resolve("s.pcap");
        Rotation twoPacketsThreeFiles = new Rotation(FILE_HEADER + 2 * (RECORD_HEADER + 50), 0, 3);
        try (RotatingPcapWriter first = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535, twoPacketsThreeFiles, T)) {
            for (int i = 0; i < 4; i++) {
                first.write(T + i, packet(i, 50), 50, 50);
            }
        }
        assertThat(files()).containsExactly("s-0001.pcap", "s-0002.pcap");
        Files.createSymbolicLink(tmp.resolve("s-0099.pcap"), tmp.resolve("s-0001.pcap")); // not a file of ours
        RotatingPcapWriter second = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535, twoPacketsThreeFiles, T);
        try (second) {
            for (int i = 100; i < 104; i++) {
                second.write(T + i, packet(i, 50), 50, 50);
            }
        }
        // numbering resumed after 0002; with 0003 and 0004 the ring of three removed the oldest, 0001
        assertThat(files()).containsExactly("s-0002.pcap", "s-0003.pcap", "s-0004.pcap", "s-0099.pcap");
        assertThat(packetIds(tmp.resolve("s-0002.pcap"))).containsExactly(2, 3);
        assertThat(packetIds(tmp.resolve("s-0003.pcap"))).containsExactly(100, 101);
        assertThat(second.files()).containsExactly(tmp.resolve("s-0003.pcap"), tmp.resolve("s-0004.pcap"));
        assertThat(second.removed()).isEqualTo(1);
    }

    @Test
    void byTimeAnIdleIntervalClosesTheFileOnTimeAndLeavesNoEmptyFile() throws Exception {
        Path base = tmp.resolve("t.pcap");
        RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535, new Rotation(0, SECOND, 0), T);
        try (w) {
            w.write(T + SECOND / 10, packet(0, 60), 60, 60);
            w.write(T + SECOND / 2, packet(1, 60), 60, 60);
            w.tick(T + SECOND - 1);
            w.tick(T + SECOND); // the first boundary: file 1 is closed, complete, before any further packet
            assertThat(Files.size(tmp.resolve("t-0001.pcap"))).isEqualTo(FILE_HEADER + 2 * (RECORD_HEADER + 60));
            w.tick(T + 2 * SECOND + SECOND / 2); // a whole idle interval: no file for it
            w.write(T + 2 * SECOND + SECOND * 6 / 10, packet(2, 60), 60, 60);
            w.write(T + 3 * SECOND, packet(3, 60), 60, 60); // a packet on the boundary opens the next file
            w.write(T + 3 * SECOND + 1, packet(4, 60), 60, 60);
        }
        assertThat(files()).containsExactly("t-0001.pcap", "t-0002.pcap", "t-0003.pcap");
        assertThat(packetIds(tmp.resolve("t-0001.pcap"))).containsExactly(0, 1);
        assertThat(packetIds(tmp.resolve("t-0002.pcap"))).containsExactly(2);
        assertThat(packetIds(tmp.resolve("t-0003.pcap"))).containsExactly(3, 4);
    }

    @Test
    void packetTimeAloneAlsoRotatesAcrossLongGaps() throws Exception {
        // No tick at all (as if the analysis thread were busy): the packet's timestamp decides, like tcpdump -G.
        Path base = tmp.resolve("g.pcap");
        try (RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535,
                new Rotation(0, SECOND, 0), T)) {
            w.write(T, packet(0, 60), 60, 60);
            w.write(T + 3600 * SECOND + 5, packet(1, 60), 60, 60);
            w.write(T + 3600 * SECOND + SECOND - 1, packet(2, 60), 60, 60); // same interval: same file
            w.write(T + 3601 * SECOND, packet(3, 60), 60, 60);
        }
        assertThat(files()).containsExactly("g-0001.pcap", "g-0002.pcap", "g-0003.pcap");
        assertThat(packetIds(tmp.resolve("g-0002.pcap"))).containsExactly(1, 2);
    }

    @Test
    void anIdleTickFlushesTheBufferedTail() throws Exception {
        Path base = tmp.resolve("f.pcap");
        try (RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535,
                new Rotation(1 << 20, 0, 0), T)) {
            w.write(T, packet(0, 60), 60, 60); // the first record is flushed at once
            w.write(T + SECOND / 10, packet(1, 60), 60, 60); // buffered: less than a second later
            assertThat(packetIds(tmp.resolve("f-0001.pcap"))).containsExactly(0);
            w.tick(T + SECOND / 2);
            assertThat(packetIds(tmp.resolve("f-0001.pcap"))).containsExactly(0);
            w.tick(T + SECOND + SECOND / 10);
            assertThat(packetIds(tmp.resolve("f-0001.pcap"))).containsExactly(0, 1);
        }
    }

    @Test
    void capinfosReadsEveryFileOnItsOwn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/capinfos")), "capinfos not installed");
        Path base = tmp.resolve("c.pcap");
        try (RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535,
                new Rotation(2048, 0, 0), T)) {
            for (int i = 0; i < 40; i++) {
                w.write(T + i * 1000L, packet(i, 200), 200, 200);
            }
        }
        long total = 0;
        for (String f : files()) {
            long n = Tools.capinfosPacketCount(tmp.resolve(f));
            assertThat(n).as(f).isPositive();
            total += n;
        }
        assertThat(total).isEqualTo(40);
    }

    @Test
    void aFileThatCannotBeCreatedFailsTheWriteAndNamesIt() throws Exception {
        Path base = tmp.resolve("e.pcap");
        Files.createSymbolicLink(tmp.resolve("e-0002.pcap"), tmp.resolve("elsewhere"));
        RotatingPcapWriter w = RotatingPcapWriter.open(base, LinkType.ETHERNET, 65535,
                new Rotation(FILE_HEADER + 1, 0, 0), T);
        w.write(T, packet(0, 60), 60, 60);
        assertThatThrownBy(() -> w.write(T + 1, packet(1, 60), 60, 60)).hasMessageContaining("symbolic link");
        assertThat(w.path()).isEqualTo(tmp.resolve("e-0002.pcap"));
        w.close();
        assertThat(packetIds(tmp.resolve("e-0001.pcap"))).containsExactly(0);
        assertThat(Files.exists(tmp.resolve("elsewhere"))).isFalse();
    }

    /** A frame whose first byte says which packet it was. */
    private static byte[] packet(int id, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) id;
        return b;
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The first byte of every record: walks the file as the pcap format says, whole records only. */
    private static List<Integer> packetIds(Path f) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0xa1b23c4d);
        List<Integer> ids = new ArrayList<>();
        int at = FILE_HEADER;
        while (at < b.capacity()) {
            int caplen = b.getInt(at + 8);
            ids.add((int) b.get(at + RECORD_HEADER));
            at += RECORD_HEADER + caplen;
        }
        assertThat(at).as("whole records only").isEqualTo(b.capacity());
        return ids;
    }
}
