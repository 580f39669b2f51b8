package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.CaptureIssue.Kind;
import io.hopsniff.capture.FileSummary;
import io.hopsniff.capture.PacketSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every capture of the public corpus against the numbers in its MANIFEST.md. */
class CorpusTest {

    /**
     * File, packet count and link types, copied from the MANIFEST table ("packets (capinfos)" and "link type"
     * columns): the counts are capinfos's, not ours. Link types are the ones packets use, after LinkType.normalise
     * (four_ipv6_http_streams stores BSD DLT_RAW 12, i.e. LINKTYPE_RAW 101); the empty file has none.
     */
    static Stream<Arguments> readable() {
        return Stream.of(
                arguments("zeek-http-1000-requests-one-dropped-response.pcap", 4102, Set.of(1)),
                arguments("zeek-http-100-continue.pcap", 66, Set.of(1)),
                arguments("zeek-workshop_2011_browse.pcap", 121, Set.of(1)),
                arguments("zeek-http-putty-upload.pcap", 30, Set.of(1)),
                arguments("zeek-http-post-large.pcap", 38, Set.of(1)),
                arguments("zeek-http-methods.pcap", 655, Set.of(1)),
                arguments("zeek-http-docker-http-upgrade.pcap", 200, Set.of(1)),
                arguments("zeek-http-cooper-grill-dvwa.pcapng", 64, Set.of(1)),
                arguments("zeek-http-websocket.pcap", 27, Set.of(1)),
                arguments("zeek-websocket-two-binary-fragments.pcap", 18, Set.of(1)),
                arguments("zeek-websocket-fragmented-http-reply.pcap", 18, Set.of(1)),
                arguments("zeek-websocket-reply-ping-coalesced.pcap", 16, Set.of(1)),
                arguments("zeek-websocket-message-too-big-status.pcap", 14, Set.of(1)),
                arguments("zeek-websocket-oversized-close-frame.pcapng", 8, Set.of(1)),
                arguments("zeek-websocket-wrong-accept-header.pcap", 12, Set.of(1)),
                arguments("zeek-websocket-compressed.pcap", 15, Set.of(1)),
                arguments("zeek-websocket-wstunnel-ssh.pcap", 258, Set.of(1)),
                arguments("zeek-http-connect-with-header.pcap", 58, Set.of(0)),
                arguments("zeek-http-206_example_b.pcap", 1556, Set.of(1)),
                arguments("zeek-http-get_nosyn.pcap", 11, Set.of(1)),
                arguments("zeek-vlan-qinqinq.pcap", 14, Set.of(1)),
                arguments("zeek-empty.pcap", 0, Set.of()),
                arguments("suri-http-protocol-nodup.pcap", 36, Set.of(1)),
                arguments("suri-http-multiple100.pcap", 48, Set.of(1)),
                arguments("suri-http-chunked.pcap", 5, Set.of(1)),
                arguments("suri-websocket-compressed.pcap", 27, Set.of(1)),
                arguments("suri-websocket-control-frag.pcap", 15, Set.of(1)),
                arguments("suri-websocket-ping.pcap", 19, Set.of(113)),
                arguments("suri-http-connect-simple.pcap", 16, Set.of(0)),
                arguments("suri-http2-errorcode.pcap", 55, Set.of(0)),
                arguments("suri-http2-deflate.pcap", 30, Set.of(0)),
                arguments("suri-http2-range.pcap", 116, Set.of(0)),
                arguments("suri-http2-keywords2.pcap", 10, Set.of(1)),
                arguments("suri-http2-continuation.pcap", 30, Set.of(0)),
                arguments("suri-dns-over-http2-post.pcap", 147, Set.of(1)),
                arguments("suri-http2-long-frame.pcap", 60, Set.of(1)),
                arguments("suri-tcp-rst-unacked-stream-10.pcap", 75, Set.of(1)),
                arguments("suri-http-gap-simple.pcap", 31, Set.of(0)),
                arguments("suri-tcp-stream-after-swap.pcap", 8, Set.of(1)),
                arguments("suri-bug-3286-linux-evasion.pcap", 10, Set.of(1)),
                arguments("suri-decode-sll2-02.pcap", 159, Set.of(276)),
                arguments("suri-http-ipv6.pcap", 14, Set.of(0)),
                arguments("suri-http-mime-truncated.pcap", 2696, Set.of(1)),
                arguments("arkime-http-500-head.pcap", 10, Set.of(1)),
                arguments("arkime-http-no-length.pcap", 10, Set.of(1)),
                arguments("arkime-https-connect.pcap", 18, Set.of(1)),
                arguments("arkime-http2-nghttp2.pcap", 101, Set.of(0)),
                arguments("arkime-tcp-reassembly-synthetic.pcap", 106, Set.of(1)),
                arguments("ppp-three_http_streams.pcap", 28, Set.of(1)),
                arguments("ppp-sll.pcap", 518, Set.of(113)),
                arguments("ppp-four_ipv6_http_streams.pcap", 81, Set.of(101)),
                arguments("ppp-nanosecs_big_endian.pcap", 10, Set.of(1)),
                arguments("ppp-pcapng-example.pcapng", 159, Set.of(1, 113)),
                arguments("ppp-many_interfaces-1.pcapng", 64, Set.of(1, 0)),
                arguments("tcpdump-tcp-handshake-nano.pcap", 3, Set.of(113)),
                arguments("tcpdump-nflog.pcap", 4, Set.of(239)),
                arguments("tcpdump-ppp-bgp_vpn_attrset.pcap", 1, Set.of(9)),
                arguments("tcpdump-chdlc-HDLC.pcap", 38, Set.of(104)),
                arguments("tcpdump-pppoes.pcap", 2, Set.of(1)),
                arguments("tcpdump-radiotap-ieee802.11_rx-stbc.pcap", 3, Set.of(127)),
                arguments("tcpdump-ipv4-fragments-afs.pcap", 601, Set.of(1)),
                arguments("tcpdump-timestamp_invalid_nano.pcap", 3, Set.of(113)),
                arguments("pcapngtest-be-difficult-test202.pcapng", 8, Set.of(1, 0)));
    }

    private static final List<String> UNREADABLE = List.of(
            "libpcap-pcap-invalid-version-1.pcap", "libpcap-shb-option-too-long.pcapng");
    private static final String TRUNCATED = "suri-http-mime-truncated.pcap";
    private static final String INVALID_TIMESTAMPS = "tcpdump-timestamp_invalid_nano.pcap";
    private static final String UNSIGNED_OVERFLOW = "ppp-pcapng-example.pcapng";

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void packetCountAndLinkTypesMatchTheManifest(String name, int packets, Set<Integer> linkTypes) throws Exception {
        RecordingSink sink = new RecordingSink();
        FileSummary summary = CaptureFiles.read(Corpus.file(name), sink);

        assertThat(summary.packets()).isEqualTo(packets);
        assertThat(sink.packets).hasSize(packets);
        assertThat(summary.linkTypes()).containsExactlyInAnyOrderElementsOf(linkTypes);
        assertThat(summary.format()).isEqualTo(name.endsWith(".pcapng") ? "pcapng" : "pcap");
        assertThat(summary.fileBytes()).isEqualTo(Files.size(Corpus.file(name)));
        assertThat(summary.bytes()).isEqualTo(sink.packets.stream().mapToLong(p -> p.data().length).sum());
        assertThat(summary.truncated()).isEqualTo(name.equals(TRUNCATED));
        if (!name.equals(TRUNCATED) && !name.equals(INVALID_TIMESTAMPS) && !name.equals(UNSIGNED_OVERFLOW)) {
            assertThat(sink.issueKinds()).as("issues").allMatch(k -> k == Kind.BLOCK_SKIPPED);
        }
    }

    @Test
    void everyCorpusCaptureIsInTheTable() throws IOException {
        List<String> listed = readable().map(a -> (String) a.get()[0]).toList();
        try (Stream<Path> files = Files.list(Corpus.dir())) {
            List<String> captures = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng"))
                    .filter(n -> !UNREADABLE.contains(n)).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(captures);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"libpcap-pcap-invalid-version-1.pcap", "libpcap-shb-option-too-long.pcapng"})
    void unreadableFilesAreFormatErrors(String name) {
        assertThatThrownBy(() -> CaptureFiles.read(Corpus.file(name), new RecordingSink()))
                .isInstanceOf(CaptureFormatException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void invalidVersionMessage() {
        assertThatThrownBy(() -> CaptureFiles.read(Corpus.file("libpcap-pcap-invalid-version-1.pcap"), new RecordingSink()))
                .hasMessage("unsupported pcap version 1.4");   // bytes 4-7 of the file: 01 00 04 00, little-endian
    }

    @Test
    void timestampsBeyondTheNanosecondRangeAreReported() throws Exception {
        // capinfos -I: interface 1 (linux-sll, if_tsresol 6) has 100 packets; tshark shows their times as
        // 18446744073204.126329 s and so on, i.e. 64-bit unsigned counts of microseconds above 2^63 (the
        // writer stored negative numbers). Such a time is past the year 2262, which epoch nanoseconds in a
        // long cannot hold: the spec says unsigned, so it is TIMESTAMP_INVALID, not a time before 1970.
        RecordingSink sink = new RecordingSink();
        CaptureFiles.read(Corpus.file(UNSIGNED_OVERFLOW), sink);

        assertThat(sink.issueKinds()).filteredOn(k -> k != Kind.BLOCK_SKIPPED).hasSize(100)
                .allMatch(k -> k == Kind.TIMESTAMP_INVALID);
        assertThat(sink.packets).filteredOn(p -> p.linkType() == 1).hasSize(59);
        assertThat(sink.packets.get(0).timestampNanos()).isEqualTo(1_422_527_998_578_402_281L);
    }

    @Test
    void truncatedCaptureDeliversThePacketsBeforeTheCut() throws Exception {
        // MANIFEST: 2696 packets (capinfos) plus a cut-off partial record; tshark: "cut short in the middle of a packet".
        RecordingSink sink = new RecordingSink();
        FileSummary summary = CaptureFiles.read(Corpus.file(TRUNCATED), sink);

        assertThat(summary.truncated()).isTrue();
        assertThat(summary.packets()).isEqualTo(2696);
        assertThat(sink.issueKinds()).containsExactly(Kind.TRUNCATED_RECORD);
        assertThat(sink.issues.get(0).packetIndex()).isEqualTo(2696);
    }

    @Test
    void outOfRangeNanosecondFractionsAreCarried() throws Exception {
        // From the file's bytes: seconds 0x54872e59, 0x54872e5a, 0x54872e5a with fractions 999999999, 1000000000
        // and 2147483648 ns; the last two are out of range and carry 1 and 2 seconds.
        RecordingSink sink = new RecordingSink();
        CaptureFiles.read(Corpus.file(INVALID_TIMESTAMPS), sink);

        assertThat(sink.packets).extracting(RecordingSink.Packet::timestampNanos).containsExactly(
                1_418_145_369_999_999_999L, 1_418_145_371_000_000_000L, 1_418_145_372_147_483_648L);
        assertThat(sink.issueKinds()).containsExactly(Kind.TIMESTAMP_INVALID, Kind.TIMESTAMP_INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void smallBufferReadsTheSame(String name) throws Exception {
        Digest normal = new Digest();
        Digest small = new Digest();
        CaptureFiles.read(Corpus.file(name), normal);
        // 1000 bytes: most packets straddle a refill, jumbo and GRO frames force growth.
        CaptureFiles.read(Corpus.file(name), small, 1000);
        assertThat(small.value).isEqualTo(normal.value);
        assertThat(small.count).isEqualTo(normal.count);
    }

    /** An order-sensitive hash of everything delivered, without keeping it. */
    private static final class Digest implements PacketSink {
        long value = 17;
        long count;

        @Override
        public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
            count++;
            value = value * 31 + timestampNanos;
            value = value * 31 + linkType;
            value = value * 31 + originalLength;
            for (int i = data.position(); i < data.limit(); i++) {
                value = value * 31 + data.get(i);
            }
        }
    }
}
