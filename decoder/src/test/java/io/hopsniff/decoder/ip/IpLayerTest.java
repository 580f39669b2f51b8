package io.hopsniff.decoder.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.LinkType;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Frames;
import io.hopsniff.decoder.tcp.Harness;
import io.hopsniff.decoder.tcp.Seg;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** IPv4 (RFC 791) and IPv6 (RFC 8200) header handling. */
class IpLayerTest {
    private static Seg v4() {
        return Seg.of("192.0.2.1", 40000, "192.0.2.2", 80).seq(1).payload("hello");
    }

    private static Seg v6() {
        return Seg.of("2001:db8::1", 40000, "2001:db8::2", 80).seq(1).payload("hello");
    }

    @Test
    void ipv4OptionsAreSkippedByIhl() {
        Harness h = new Harness();
        // Record Route (7), length 11, pointer 4, then end-of-options padding: 12 bytes of options (IHL 8)
        byte[] options = {7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        h.raw(v4().ipv4Options(options));
        assertThat(h.events(1)).containsExactly("data c2s 0 hello");
    }

    @Test
    void trailingEthernetPaddingIsIgnored() {
        Harness h = new Harness();
        // two payload bytes: a lone first byte mid-stream would be a keep-alive probe (TcpReassemblyTest)
        byte[] ip = Seg.of("192.0.2.1", 40000, "192.0.2.2", 80).seq(1).payload("ab").ip();
        byte[] padded = Arrays.copyOf(ip, 46); // minimum Ethernet payload, zero padded
        h.frame(LinkType.ETHERNET, Frames.ethernet(padded, 0x0800));
        assertThat(h.events(1)).containsExactly("data c2s 0 ab");
    }

    @Test
    void ipv4TotalLengthZeroMeansAsCaptured() {
        Harness h = new Harness();
        byte[] ip = v4().ip();
        ip[2] = 0;
        ip[3] = 0; // TSO on the capturing host
        h.frame(LinkType.RAW, ip);
        assertThat(h.events(1)).containsExactly("data c2s 0 hello");
    }

    @Test
    void ipv6ExtensionHeadersAreWalked() {
        Harness h = new Harness();
        byte[] hopByHop = new byte[8];            // next, len 0 (8 bytes), PadN
        hopByHop[2] = 1;
        hopByHop[3] = 4;
        byte[] destOpts = new byte[16];           // len 1 -> 16 bytes
        destOpts[1] = 1;
        byte[] routing = new byte[8];             // type 0 segments left 0
        byte[] atomicFragment = new byte[8];      // offset 0, M clear: a whole packet (RFC 6946)
        byte[] ah = new byte[16];                 // AH: payload len 2 -> (2+2)*4 = 16 bytes
        ah[1] = 2;
        h.raw(v6().extension(0, hopByHop).extension(60, destOpts).extension(43, routing).extension(44, atomicFragment)
                .extension(51, ah));
        assertThat(h.events(1)).containsExactly("data c2s 0 hello");
    }

    @Test
    void fragmentsThatNeverCompleteAreCountedAndNamed() {
        Harness h = new Harness();
        h.raw(v4().fragmentField(0x2000));          // MF, offset 0
        h.raw(v4().fragmentField(0x0010));          // offset 16*8: bytes 25..128 never come
        byte[] frag = new byte[8];
        frag[3] = 1;                                // M set, and no last fragment
        h.raw(v6().extension(44, frag));
        h.finish();
        assertThat(h.tracker.stats().ipFragments()).isEqualTo(3);
        assertThat(h.tracker.stats().connectionsTotal()).isZero();
        assertThat(h.count(AnomalyType.IP_FRAGMENT)).isEqualTo(1);
        assertThat(h.count(AnomalyType.IP_FRAGMENT_INCOMPLETE)).isEqualTo(1); // "datagrams=2"
    }

    @Test
    void nonTcpAndNoNextHeaderAreCounted() {
        Harness h = new Harness();
        h.raw(v4().protocol(17));
        h.raw(v4().protocol(17));
        h.raw(v6().protocol(59));
        assertThat(h.tracker.stats().nonTcp()).isEqualTo(3);
        assertThat(h.count(AnomalyType.IP_NOT_TCP)).isEqualTo(2);
    }

    @Test
    void badAndTruncatedHeadersAreCounted() {
        Harness h = new Harness();
        byte[] ip = v4().ip();
        byte[] badIhl = ip.clone();
        badIhl[0] = 0x44;
        byte[] shortTotal = ip.clone();
        shortTotal[2] = 0;
        shortTotal[3] = 10;
        byte[] wrongVersion = ip.clone();
        wrongVersion[0] = 0x55;
        h.frame(LinkType.RAW, badIhl);
        h.frame(LinkType.RAW, shortTotal);
        h.frame(LinkType.RAW, wrongVersion);
        h.frame(LinkType.RAW, Arrays.copyOf(ip, 12));
        h.frame(LinkType.ETHERNET, Frames.ethernet(v6().ip(), 0x0800)); // EtherType says v4, nibble says 6
        assertThat(h.tracker.stats().ipMalformed()).isEqualTo(5);
        assertThat(h.count(AnomalyType.IP_BAD_HEADER)).isEqualTo(1);
        assertThat(h.count(AnomalyType.IP_TRUNCATED)).isEqualTo(1);
    }

    @Test
    void tcpHeaderProblemsAreCounted() {
        Harness h = new Harness();
        byte[] ip = v4().ip();
        byte[] badOffset = ip.clone();
        badOffset[20 + 12] = 0x20;                  // data offset 2
        h.frame(LinkType.RAW, badOffset);
        h.frame(LinkType.RAW, Arrays.copyOf(ip, 30)); // TCP header cut by snaplen
        assertThat(h.tracker.stats().tcpMalformed()).isEqualTo(2);
        assertThat(h.count(AnomalyType.TCP_BAD_HEADER)).isEqualTo(1);
    }

    @Test
    void addressesFormatPerRfc5952() {
        assertThat(IpAddresses.format(Seg.addr("2001:db8:0:0:1:0:0:1"), 16)).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddresses.format(Seg.addr("2001:db8:0:1:1:1:1:1"), 16)).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpAddresses.format(Seg.addr("::1"), 16)).isEqualTo("::1");
        assertThat(IpAddresses.format(new byte[16], 16)).isEqualTo("::");
        assertThat(IpAddresses.format(Seg.addr("fe80::"), 16)).isEqualTo("fe80::");
        assertThat(IpAddresses.format(Seg.addr("192.0.2.33"), 4)).isEqualTo("192.0.2.33");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[15] = 1;
        assertThat(IpAddresses.format(mapped, 16)).isEqualTo("::ffff:192.0.0.1");
    }

    @Test
    void decodersNeverMoveTheCallersBuffer() {
        byte[] ip = v6().ip();
        ByteBuffer b = ByteBuffer.wrap(ip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        IpPacket p = new IpPacket();
        assertThat(IpDecoders.standard().decode(b, 0, ip.length, 0, p)).isEqualTo(IpPacket.Outcome.TCP);
        assertThat(b.position()).isZero();
        assertThat(p.payloadWireLength).isEqualTo(25);
    }
}
