package io.hopsniff.decoder.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.LinkType;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Frames;
import io.hopsniff.decoder.tcp.Harness;
import io.hopsniff.decoder.tcp.Seg;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Link-layer framing per IEEE 802.1Q/802.1ad and the tcpdump.org LINKTYPE pages, end to end through the tracker. */
class LinkLayerTest {
    private static Seg v4() {
        return Seg.of("192.0.2.1", 40000, "192.0.2.2", 80).seq(1).payload("GET / HTTP/1.1\r\n");
    }

    private static Seg v6() {
        return Seg.of("2001:db8::1", 40000, "2001:db8::2", 80).seq(1).payload("GET / HTTP/1.1\r\n");
    }

    private static void assertDelivered(Harness h) {
        assertThat(h.recorders).hasSize(1);
        assertThat(h.events(1)).containsExactly("data c2s 0 GET / HTTP/1.1\r\n");
    }

    @Test
    void ethernetWithStackedVlanTags() {
        for (int[] tags : new int[][] {{}, {0x8100}, {0x88a8, 0x8100}, {0x9100, 0x88a8, 0x8100}}) {
            Harness h = new Harness();
            h.frame(LinkType.ETHERNET, v4().ethernet(tags));
            assertDelivered(h);
            Harness h6 = new Harness();
            h6.frame(LinkType.ETHERNET, v6().ethernet(tags));
            assertDelivered(h6);
        }
        LinkFrame f = new LinkFrame();
        byte[] qinq = v4().ethernet(0x88a8, 0x8100);
        LinkDecoders.standard().forType(LinkType.ETHERNET).decode(ByteBuffer.wrap(qinq), 0, qinq.length, f);
        assertThat(f.vlanTags).isEqualTo(2);
        assertThat(f.networkOffset).isEqualTo(22);
        assertThat(f.etherType).isEqualTo(EtherTypes.IPV4);
    }

    @Test
    void linuxCookedV1AndV2() {
        Harness h = new Harness();
        h.frame(LinkType.LINUX_SLL, Frames.sll(v4().ip(), 0x0800));
        assertDelivered(h);
        Harness h2 = new Harness();
        h2.frame(LinkType.LINUX_SLL2, Frames.sll2(v6().ip(), 0x86DD));
        assertDelivered(h2);
    }

    @Test
    void nullInBothByteOrdersAndLoopInNetworkOrder() {
        for (boolean little : new boolean[] {true, false}) {
            Harness h = new Harness();
            h.frame(LinkType.NULL, Frames.nullLink(v4().ip(), 2, little));
            assertDelivered(h);
            for (int family : new int[] {24, 28, 30}) {
                Harness h6 = new Harness();
                h6.frame(LinkType.NULL, Frames.nullLink(v6().ip(), family, little));
                assertDelivered(h6);
            }
        }
        Harness loop = new Harness();
        loop.frame(LinkType.LOOP, Frames.nullLink(v4().ip(), 2, false));
        assertDelivered(loop);
        Harness wrongOrder = new Harness();
        wrongOrder.frame(LinkType.LOOP, Frames.nullLink(v4().ip(), 2, true));
        assertThat(wrongOrder.tracker.stats().nonIp()).isEqualTo(1);
    }

    @Test
    void rawIpv4AndIpv6ByVersionNibble() {
        for (int type : new int[] {LinkType.RAW, LinkType.IPV4, LinkType.IPV6}) {
            Harness h = new Harness();
            h.frame(type, type == LinkType.IPV6 ? v6().ip() : v4().ip());
            assertDelivered(h);
        }
        Harness h = new Harness();
        h.frame(LinkType.RAW, v6().ip());
        assertDelivered(h);
    }

    @Test
    void nonIpFramesAreCountedAndReportedOncePerKind() {
        Harness h = new Harness();
        for (int i = 0; i < 100; i++) {
            h.frame(LinkType.ETHERNET, Frames.arp());
        }
        h.frame(LinkType.ETHERNET, Frames.ethernet(new byte[46], 0x88CC)); // LLDP
        h.frame(LinkType.ETHERNET, Frames.ethernet(new byte[28], 0x0806, 0x8100)); // ARP behind a VLAN tag
        assertThat(h.tracker.stats().nonIp()).isEqualTo(102);
        assertThat(h.count(AnomalyType.L2_NOT_IP)).isEqualTo(2);
        assertThat(h.anomalies).filteredOn(a -> a.type() == AnomalyType.L2_NOT_IP)
                .extracting(a -> a.detail()).contains("ethertype=0x0806", "ethertype=0x88cc");
    }

    @Test
    void truncatedAndUnsupportedFramesAreCounted() {
        Harness h = new Harness();
        h.frame(LinkType.ETHERNET, new byte[10]);
        h.frame(LinkType.LINUX_SLL, new byte[15]);
        h.frame(LinkType.LINUX_SLL2, new byte[19]);
        h.frame(LinkType.NULL, new byte[3]);
        h.frame(LinkType.RAW, new byte[0]);
        h.frame(LinkType.ETHERNET, Frames.ethernet(new byte[0], 0x8100).clone());
        h.frame(147, new byte[40]); // a DLT_USER type
        h.frame(147, new byte[40]);
        assertThat(h.tracker.stats().l2Truncated()).isEqualTo(6);
        assertThat(h.tracker.stats().linkTypeUnsupported()).isEqualTo(2);
        assertThat(h.count(AnomalyType.L2_TRUNCATED)).isEqualTo(1);
        assertThat(h.count(AnomalyType.CAP_LINKTYPE_UNSUPPORTED)).isEqualTo(1);
    }

    @Test
    void registryAcceptsNewDecoders() {
        LinkDecoders custom = new LinkDecoders.Builder().register(147, (data, start, end, out) -> out.notIp(1)).build();
        assertThat(custom.forType(147)).isNotNull();
        assertThat(custom.forType(LinkType.ETHERNET)).isNull();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** An 802.11 data frame (ToDS: from a station) carrying LLC/SNAP and {@code ip}; {@code qos} adds QoS control. */
    private static byte[] dot11(byte[] ip, boolean qos, int flags) {
        byte[] mac = new byte[qos ? 26 : 24];
        mac[0] = (byte) (qos ? 0x88 : 0x08); // type data, subtype (QoS) data
        mac[1] = (byte) flags;
        return concat(mac, new byte[] {(byte) 0xAA, (byte) 0xAA, 0x03, 0, 0, 0, 0x08, 0x00}, ip);
    }

    @Test
    void ieee80211DataFramesBareAndBehindEachRadioHeader() {
        byte[] ip = v4().ip();
        // radiotap: version 0, pad, length 12 (little-endian), present flags, then 4 bytes of fields
        byte[] radiotap = {0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        // Prism (wlan-ng): msgcode, msglen 144 in host order (little-endian here), device name, 10 items
        byte[] prism = new byte[144];
        prism[4] = (byte) 144;
        // AVS: version, header length 64 (big-endian), then the radio fields
        byte[] avs = new byte[64];
        avs[0] = (byte) 0x80;
        avs[1] = 0x21;
        avs[7] = 64;
        int[][] cases = {{LinkType.IEEE802_11}, {LinkType.IEEE802_11_RADIOTAP}, {LinkType.IEEE802_11_PRISM},
            {LinkType.IEEE802_11_AVS}};
        byte[][] headers = {{}, radiotap, prism, avs};
        for (int i = 0; i < cases.length; i++) {
            Harness h = new Harness();
            h.frame(cases[i][0], concat(headers[i], dot11(ip, i % 2 == 1, 0x01)));
            assertDelivered(h);
        }
        Harness fourAddresses = new Harness(); // to and from the distribution system: a 30-byte header
        byte[] wds = dot11(ip, false, 0x03);
        fourAddresses.frame(LinkType.IEEE802_11, concat(java.util.Arrays.copyOf(wds, 24), new byte[6],
                java.util.Arrays.copyOfRange(wds, 24, wds.length)));
        assertDelivered(fourAddresses);
        Harness protectedFrame = new Harness();
        protectedFrame.frame(LinkType.IEEE802_11, dot11(ip, true, 0x41)); // Protected: encrypted, not readable
        assertThat(protectedFrame.tracker.stats().nonIp()).isEqualTo(1);
        assertThat(protectedFrame.recorders).isEmpty();
    }

    @Test
    void pppWithAndWithoutHdlcFramingAndACompressedProtocol() {
        byte[] ip = v4().ip();
        for (byte[] header : new byte[][] {{(byte) 0xFF, 0x03, 0x00, 0x21}, {0x00, 0x21}, {0x21}}) {
            Harness h = new Harness();
            h.frame(LinkType.PPP, concat(header, ip));
            assertDelivered(h);
        }
        Harness pppoe = new Harness(); // LINKTYPE_PPP_ETHER: the PPPoE header without Ethernet, IPv6 inside
        byte[] ip6 = v6().ip();
        pppoe.frame(LinkType.PPP_ETHER, concat(new byte[] {0x11, 0x00, 0x00, 0x01, 0x00, (byte) (ip6.length + 2), 0x00,
            0x57}, ip6));
        assertDelivered(pppoe);
        Harness lcp = new Harness();
        lcp.frame(LinkType.PPP, new byte[] {(byte) 0xFF, 0x03, (byte) 0xC0, 0x21, 0x01, 0x01, 0x00, 0x04});
        assertThat(lcp.tracker.stats().nonIp()).isEqualTo(1);
    }

    @Test
    void nflogInEitherByteOrder() {
        byte[] ip = v4().ip();
        for (boolean little : new boolean[] {true, false}) {
            int length = 4 + ip.length;
            byte[] tlv = little ? new byte[] {(byte) length, (byte) (length >> 8), 9, 0}
                    : new byte[] {(byte) (length >> 8), (byte) length, 0, 9};
            byte[] prefix = little ? new byte[] {8, 0, 10, 0, 'h', 's', 0, 0} : new byte[] {0, 8, 0, 10, 'h', 's', 0, 0};
            Harness h = new Harness();
            h.frame(LinkType.NFLOG, concat(new byte[] {2, 0, 0, 5}, prefix, tlv, ip, new byte[(4 - length % 4) % 4]));
            assertDelivered(h);
        }
    }
}
