package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The retransmission check's ring: a retransmission equal to what was delivered is no conflict, a different one is,
 * at the first differing offset; a ring reused from the pool never lends its old content to a comparison.
 */
class RecentBytesTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void aRetransmissionIsComparedWithWhatWasDelivered() {
        RecentBytes r = new RecentBytes(new RingPool());
        r.keep(bytes("GET / HTTP/1.1\r\n"), null, 0, 16, 0);
        assertThat(r.firstDifference(bytes("GET / HTTP/1.1\r\n"), 0, 0, 16, 16)).isEqualTo(-1);
        assertThat(r.firstDifference(bytes("GET /x"), 0, 0, 6, 16)).isEqualTo(5);
        // only the part below next is compared: bytes beyond are new data, not a retransmission
        assertThat(r.firstDifference(bytes("\r\nMORE"), 0, 14, 6, 16)).isEqualTo(-1);
    }

    @Test
    void aRingFromThePoolLendsNoStaleBytes() {
        RingPool pool = new RingPool();
        RecentBytes first = new RecentBytes(pool);
        first.keep(null, filled(1000, 'A'), 0, 1000, 0);
        first.release(1000); // all acknowledged: the ring goes back to the pool, full of 'A'
        RecentBytes second = new RecentBytes(pool);
        second.forgetBefore(500); // this direction's stream is known from offset 500 on
        second.keep(null, filled(10, 'B'), 0, 10, 500);
        // offsets below 500 are unknown: 'A's left in the reused ring are not compared
        assertThat(second.firstDifference(ByteBuffer.wrap(filled(20, 'Z')), 0, 490, 20, 510)).isEqualTo(500);
        assertThat(second.firstDifference(ByteBuffer.wrap(filled(10, 'B')), 0, 500, 10, 510)).isEqualTo(-1);
        // after its own release, the first direction compares nothing either
        assertThat(first.size()).isZero();
        assertThat(first.firstDifference(ByteBuffer.wrap(filled(10, 'Q')), 0, 990, 10, 1000)).isEqualTo(-1);
    }

    @Test
    void growingKeepsTheBytesAcrossTheRingsWrapAndUpToTheMaximum() {
        RecentBytes r = new RecentBytes(new RingPool());
        byte[] stream = new byte[3 * RecentBytes.MAX];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (byte) (i * 31 + 7);
        }
        // segments of 700 bytes: the ring starts at 1 KiB, wraps, grows to 4 KiB and 16 KiB on the way
        for (int at = 0; at < stream.length; at += 700) {
            int n = Math.min(700, stream.length - at);
            r.keep(null, stream, at, n, at);
        }
        assertThat(r.size()).isEqualTo(RecentBytes.MAX);
        long next = stream.length;
        long from = next - RecentBytes.MAX;
        ByteBuffer same = ByteBuffer.wrap(stream, (int) from, RecentBytes.MAX).slice();
        assertThat(r.firstDifference(same, 0, from, RecentBytes.MAX, next)).isEqualTo(-1);
        byte[] changed = Arrays.copyOfRange(stream, (int) from, stream.length);
        changed[12345] ^= 1;
        assertThat(r.firstDifference(ByteBuffer.wrap(changed), 0, from, changed.length, next)).isEqualTo(from + 12345);
    }
}
