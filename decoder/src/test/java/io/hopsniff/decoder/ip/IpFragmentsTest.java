package io.hopsniff.decoder.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Harness;
import io.hopsniff.decoder.tcp.Seg;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 791 §3.2 reassembly: fragments in any order, a hole keeps the datagram waiting, the last fragment (MF clear)
 * sets its length; overlapping fragments keep the first copy; the budget and the timeout bound what is held.
 */
class IpFragmentsTest {

    private static final long SECOND = 1_000_000_000L;

    private static IpPacket fragment(int id, int offset, boolean more, int protocol) {
        IpPacket ip = new IpPacket();
        ip.version = 4;
        ip.addressLength = 4;
        ip.source[0] = (byte) 192;
        ip.destination[0] = (byte) 198;
        ip.protocol = protocol;
        ip.fragmentId = id;
        ip.fragmentOffset = offset;
        ip.moreFragments = more;
        return ip;
    }

    private static IpFragments.Result add(IpFragments f, IpPacket ip, String payload, long ts) {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        ip.payloadOffset = 0;
        ip.payloadCapturedEnd = bytes.length;
        ip.payloadWireLength = bytes.length;
        return f.add(ip, ByteBuffer.wrap(bytes), ts);
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.US_ASCII.decode(b.duplicate()).toString();
    }

    @Test
    void fragmentsInAnyOrderMakeTheDatagram() {
        IpFragments f = new IpFragments(1 << 20, 16, 30 * SECOND);
        assertThat(add(f, fragment(7, 16, false, 6), "tail", 1)).isEqualTo(IpFragments.Result.HELD);
        assertThat(add(f, fragment(7, 0, true, 6), "01234567", 2)).isEqualTo(IpFragments.Result.HELD); // hole 8..16
        assertThat(add(f, fragment(7, 8, true, 6), "89abcdef", 3)).isEqualTo(IpFragments.Result.COMPLETE);
        assertThat(text(f.datagram())).isEqualTo("0123456789abcdeftail");
        assertThat(f.protocol()).isEqualTo(6);
        assertThat(f.heldBytes()).isZero();
    }

    @Test
    void anOverlapKeepsTheFirstCopyAndADifferentOneIsNamed() {
        IpFragments f = new IpFragments(1 << 20, 16, 30 * SECOND);
        add(f, fragment(9, 0, true, 6), "AAAAAAAA", 1);
        assertThat(add(f, fragment(9, 0, true, 6), "AAAAAAAA", 2)).isEqualTo(IpFragments.Result.HELD); // same bytes
        assertThat(add(f, fragment(9, 0, true, 6), "BBBBBBBB", 3)).isEqualTo(IpFragments.Result.OVERLAP_CONFLICT);
        assertThat(add(f, fragment(9, 8, false, 6), "C", 4)).isEqualTo(IpFragments.Result.COMPLETE);
        assertThat(text(f.datagram())).isEqualTo("AAAAAAAAC");
    }

    @Test
    void theBudgetAndTheTimeoutBoundWhatIsHeld() {
        IpFragments f = new IpFragments(16, 2, 30 * SECOND);
        assertThat(add(f, fragment(1, 0, true, 6), "01234567", 1)).isEqualTo(IpFragments.Result.HELD);
        assertThat(add(f, fragment(2, 0, true, 6), "01234567", 2)).isEqualTo(IpFragments.Result.HELD);
        assertThat(add(f, fragment(3, 0, true, 6), "0", 3)).isEqualTo(IpFragments.Result.OVER_BUDGET); // 2 datagrams
        assertThat(add(f, fragment(1, 8, true, 6), "89abcdef", 4)).isEqualTo(IpFragments.Result.OVER_BUDGET);
        assertThat(f.heldBytes()).isEqualTo(8); // datagram 1 was dropped with it
        f.expire(31 * SECOND);
        assertThat(f.expired()).isEqualTo(1);
        assertThat(f.heldBytes()).isZero();
    }

    @Test
    void bytesPastTheLastFragmentsEndAreNoPartOfTheDatagram() {
        // RFC 791 §3.2: the fragment with MF clear gives the total length; a fragment held from beyond it (hostile or
        // stale) does not belong to the datagram and must not break its reassembly
        IpFragments f = new IpFragments(1 << 20, 16, 30 * SECOND);
        assertThat(add(f, fragment(5, 24, true, 6), "XXXXXXXX", 1)).isEqualTo(IpFragments.Result.HELD);
        assertThat(add(f, fragment(5, 0, true, 6), "01234567", 2)).isEqualTo(IpFragments.Result.HELD);
        assertThat(add(f, fragment(5, 8, false, 6), "89abcdef", 3)).isEqualTo(IpFragments.Result.COMPLETE);
        assertThat(text(f.datagram())).isEqualTo("0123456789abcdef");
        assertThat(f.heldBytes()).isZero();
    }

    @Test
    void aFragmentPastTheLongestDatagramIsBad() {
        IpFragments f = new IpFragments(1 << 20, 16, 30 * SECOND);
        assertThat(add(f, fragment(1, 65_528, false, 6), "0123456789", 1)).isEqualTo(IpFragments.Result.BAD);
    }

    @Test
    void throughTheTrackerAnOverlapAndTheLimitAreNamed() {
        Harness h = new Harness();
        Seg whole = Seg.of("192.0.2.1", 40000, "192.0.2.2", 80).seq(1).payload("hello, fragmented world");
        byte[] packet = whole.ip();
        int tcpLength = packet.length - 20;
        // the TCP segment in two fragments (offsets 0 and 24), the first sent twice with a changed byte
        byte[] first = Seg.of("192.0.2.1", 40000, "192.0.2.2", 80).seq(1).payload("hello, fragmented world")
                .fragmentField(0x2000).ip();
        h.frame(io.hopsniff.capture.LinkType.RAW, truncateTo(first, 20 + 24));
        byte[] altered = truncateTo(first, 20 + 24);
        altered[20 + 23] ^= 1;
        h.frame(io.hopsniff.capture.LinkType.RAW, altered);
        byte[] second = new byte[20 + tcpLength - 24];
        System.arraycopy(packet, 0, second, 0, 20);
        System.arraycopy(packet, 20 + 24, second, 20, tcpLength - 24);
        second[2] = (byte) (second.length >> 8);
        second[3] = (byte) second.length;
        second[6] = 0;
        second[7] = 3; // offset 3 * 8 = 24, MF clear
        h.frame(io.hopsniff.capture.LinkType.RAW, second);
        assertThat(h.count(AnomalyType.IP_FRAGMENT_OVERLAP)).isEqualTo(1);
        assertThat(h.events(1)).containsExactly("data c2s 0 hello, fragmented world"); // the first copy
    }

    @Test
    void throughTheTrackerMoreDatagramsThanTheLimitAreDroppedAndNamed() {
        Harness h = new Harness();
        byte[] first = truncateTo(Seg.of("192.0.2.1", 40000, "192.0.2.2", 80).seq(1).payload("never completed")
                .fragmentField(0x2000).ip(), 20 + 24);
        for (int id = 0; id < 1100; id++) { // 1024 datagrams may wait at once (docs/limits.md)
            first[4] = (byte) (id >> 8);
            first[5] = (byte) id;
            h.frame(io.hopsniff.capture.LinkType.RAW, first.clone());
        }
        assertThat(h.count(AnomalyType.IP_FRAGMENT_LIMIT)).isEqualTo(1);
        assertThat(h.tracker.stats().ipFragments()).isEqualTo(1100);
    }

    private static byte[] truncateTo(byte[] ip, int length) {
        byte[] out = java.util.Arrays.copyOf(ip, length);
        out[2] = (byte) (length >> 8);
        out[3] = (byte) length;
        return out;
    }
}
