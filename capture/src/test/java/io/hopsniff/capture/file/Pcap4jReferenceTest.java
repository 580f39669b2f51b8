package io.hopsniff.capture.file;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our reader against libpcap's (through pcap4j, nanosecond precision): same records, timestamps, lengths
 * and bytes. Skipped where libpcap cannot be loaded. libpcap itself refuses pcapng files whose sections
 * differ in byte order or whose interfaces differ in link type, so those corpus files are not here.
 */
class Pcap4jReferenceTest {

    private static String unavailable;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadLibpcap() {
        try {
            Pcaps.libVersion();
        } catch (Throwable e) {
            // UnsatisfiedLinkError, NoClassDefFoundError: no libpcap, nothing to compare with.
            unavailable = e.toString();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "zeek-http-1000-requests-one-dropped-response.pcap",  // little-endian, microseconds, IPv6
            "ppp-nanosecs_big_endian.pcap",                       // big-endian, nanoseconds
            "tcpdump-tcp-handshake-nano.pcap",                    // little-endian, nanoseconds, linux-sll
            "suri-decode-sll2-02.pcap",                           // 64 KB GRO frames
            "suri-tcp-rst-unacked-stream-10.pcap",                // caplen < origlen
            "suri-http-mime-truncated.pcap",                      // file cut inside the last record
            "ppp-four_ipv6_http_streams.pcap",                    // DLT_RAW 12
            "zeek-http-cooper-grill-dvwa.pcapng",                 // pcapng, if_tsresol 9
            "zeek-websocket-oversized-close-frame.pcapng",        // pcapng, default resolution
    })
    void sameRecordsAsLibpcap(String name) throws Exception {
        compare(Corpus.file(name));
    }

    @Test
    void bigEndianMicrosecondPcap() throws Exception {
        // The corpus has no big-endian microsecond pcap; this one is built by hand.
        Bytes b = Bytes.be().u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1);
        for (int i = 0; i < 5; i++) {
            byte[] frame = Bytes.frame(60 + i * 100, i);
            b.u32(1_600_000_000L + i).u32(999_999 - i).u32(frame.length).u32(frame.length + i).raw(frame);
        }
        Path file = dir.resolve("be-micro.pcap");
        Files.write(file, b.toArray());
        compare(file);
    }

    private static void compare(Path file) throws Exception {
        assumeTrue(unavailable == null, () -> "libpcap not available: " + unavailable);
        RecordingSink ours = new RecordingSink();
        CaptureFiles.read(file, ours);
        List<RecordingSink.Packet> theirs = readWithLibpcap(file);

        assertThat(ours.packets).hasSameSizeAs(theirs);
        for (int i = 0; i < theirs.size(); i++) {
            RecordingSink.Packet a = ours.packets.get(i);
            RecordingSink.Packet b = theirs.get(i);
            assertThat(a.timestampNanos()).as("timestamp of #%d", i).isEqualTo(b.timestampNanos());
            assertThat(a.data().length).as("caplen of #%d", i).isEqualTo(b.data().length);
            assertThat(a.originalLength()).as("origlen of #%d", i).isEqualTo(b.originalLength());
            assertThat(a.data()).as("bytes of #%d", i).isEqualTo(b.data());
        }
    }

    private static List<RecordingSink.Packet> readWithLibpcap(Path file) throws Exception {
        List<RecordingSink.Packet> packets = new ArrayList<>();
        PcapHandle handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        try {
            byte[] raw;
            // null at the end of the file, and also at libpcap's "truncated dump file" error.
            while ((raw = handle.getNextRawPacket()) != null) {
                Timestamp ts = handle.getTimestamp();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                packets.add(new RecordingSink.Packet(nanos, -1, raw, handle.getOriginalLength()));
            }
        } finally {
            handle.close();
        }
        return packets;
    }
}
