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
}
