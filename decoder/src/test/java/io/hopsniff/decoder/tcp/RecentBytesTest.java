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
        // segments of 700 bytes: the ring starts at 1 KiB, grows a power of two at a time to 16 KiB, then wraps
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

    /**
     * The rings of all directions together stay within the pool's limit: a direction refused a ring keeps nothing
     * (a retransmission finds nothing to differ from), one refused growth keeps its ring and so only its latest
     * bytes; a ring given back makes room again.
     */
    @Test
    void theRingsOfAllDirectionsStayWithinThePoolsLimit() {
        RingPool pool = new RingPool(2 * RecentBytes.MIN);
        RecentBytes first = new RecentBytes(pool);
        RecentBytes second = new RecentBytes(pool);
        RecentBytes third = new RecentBytes(pool);
        byte[] stream = new byte[3000];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (byte) ('a' + i % 26);
        }
        assertThat(first.keep(null, stream, 0, 1000, 0)).isTrue();
        assertThat(second.keep(null, stream, 0, 1000, 0)).isTrue();
        // growing to 4 KiB would hold 5 KiB in all: refused, the 1 KiB ring wraps and keeps the last 1024 bytes
        assertThat(first.keep(null, stream, 1000, 2000, 1000)).isFalse();
        assertThat(first.size()).isEqualTo(RecentBytes.MIN);
        byte[] changed = stream.clone();
        changed[2500] ^= 1;
        changed[100] ^= 1;
        assertThat(first.firstDifference(ByteBuffer.wrap(changed), 0, 0, 3000, 3000)).isEqualTo(2500);
        // no room for a third ring: nothing kept, nothing compared
        assertThat(third.keep(null, stream, 0, 1000, 0)).isFalse();
        assertThat(third.size()).isZero();
        assertThat(third.firstDifference(ByteBuffer.wrap(changed), 0, 0, 1000, 1000)).isEqualTo(-1);
        // the second direction's bytes are acknowledged: its ring goes back, and the third gets one
        second.release(1000);
        assertThat(third.keep(null, stream, 1000, 500, 1000)).isTrue();
        assertThat(third.firstDifference(ByteBuffer.wrap(changed), 900, 900, 600, 1500)).isEqualTo(-1);
        changed[1200] ^= 1;
        assertThat(third.firstDifference(ByteBuffer.wrap(changed), 900, 900, 600, 1500)).isEqualTo(1200);
    }

    /**
     * A first segment longer than the smallest ring is kept whole: a full-sized segment (1448 bytes, a POST's head
     * and the start of its body) kept only its last 1024 bytes, and a retransmission that changed the request line
     * was never compared.
     */
    @Test
    void aFirstSegmentLongerThanTheSmallestRingIsKeptWhole() {
        RecentBytes r = new RecentBytes(new RingPool());
        byte[] stream = new byte[1448];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (byte) ('a' + i % 26);
        }
        assertThat(r.keep(null, stream, 0, 1448, 0)).isTrue();
        assertThat(r.size()).isEqualTo(2 * RecentBytes.MIN);
        byte[] changed = stream.clone();
        changed[5] ^= 1;
        assertThat(r.firstDifference(ByteBuffer.wrap(changed), 0, 0, 1448, 1448)).isEqualTo(5);
        assertThat(r.firstDifference(ByteBuffer.wrap(stream), 0, 0, 1448, 1448)).isEqualTo(-1);
    }

    /**
     * A ring refused growth wraps and keeps only its latest bytes; when it grows later, the bytes it no longer held
     * must stay unknown: a reused larger ring still holds another direction's bytes at their offsets, and a faithful
     * retransmission compared with those was reported as a conflict.
     */
    @Test
    void bytesTheRingNeverHeldStayUnknownAfterItGrows() {
        RingPool pool = new RingPool(5 * RecentBytes.MIN);
        RecentBytes earlier = new RecentBytes(pool);
        earlier.keep(null, filled(4000, 'A'), 0, 4000, 0); // a 4 KiB ring, full of 'A'
        RecentBytes r = new RecentBytes(pool);
        byte[] stream = new byte[1000 + 2 * 1448];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = (byte) ('a' + i % 26);
        }
        r.keep(null, stream, 0, 1000, 0); // a 1 KiB ring
        // growing to 4 KiB would hold 8 KiB in all: refused, the 1 KiB ring wraps and keeps the last 1024 bytes
        assertThat(r.keep(null, stream, 1000, 1448, 1000)).isFalse();
        earlier.release(4000); // its ring goes back to the pool, 'A's and all
        r.keep(null, stream, 2448, 1448, 2448); // now it grows to 4 KiB: the pool's ring
        assertThat(r.size()).isEqualTo(4 * RecentBytes.MIN);
        // the first 2448 bytes retransmitted unchanged: no difference where bytes are known, none made up where not
        ByteBuffer head = ByteBuffer.wrap(stream, 0, 2448).slice();
        assertThat(r.firstDifference(head, 0, 0, 2448, stream.length)).isEqualTo(-1);
        // a change in the part the ring held is still found
        byte[] changed = Arrays.copyOf(stream, 2448);
        changed[2000] ^= 1;
        assertThat(r.firstDifference(ByteBuffer.wrap(changed), 0, 0, 2448, stream.length)).isEqualTo(2000);
    }
}
