package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-off without libpcap: bounds, burst accounting, order. */
class FrameRingTest {

    record Polled(long ts, int len, long dropsBefore, long firstDrop, byte limit) {
    }

    private static List<Polled> drain(FrameRing ring) {
        List<Polled> out = new ArrayList<>();
        while (ring.poll((ts, data, orig, drops, first, limit) ->
                out.add(new Polled(ts, data.length, drops, first, limit)))) {
            // keep going
        }
        return out;
    }

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        assertThat(new FrameRing(new HandoffLimits(3, 1 << 20)).capacity()).isEqualTo(4);
        assertThat(new FrameRing(new HandoffLimits(4, 1 << 20)).capacity()).isEqualTo(4);
        assertThat(new FrameRing(new HandoffLimits(1, 1 << 20)).capacity()).isEqualTo(1);
    }

    @Test
    void fullRingDropsAndTheNextFrameCarriesTheBurst() {
        FrameRing ring = new FrameRing(new HandoffLimits(4, 1 << 20));
        for (int i = 0; i < 10; i++) {
            assertThat(ring.offer(i, new byte[10], 10)).isEqualTo(i < 4);
        }
        assertThat(ring.dropped()).isEqualTo(6);
        assertThat(ring.bursts()).isEqualTo(1);
        List<Polled> first = drain(ring);
        assertThat(first).extracting(Polled::ts).containsExactly(0L, 1L, 2L, 3L);
        assertThat(first).allMatch(p -> p.dropsBefore() == 0);

        assertThat(ring.offer(10, new byte[10], 10)).isTrue();
        List<Polled> next = drain(ring);
        assertThat(next).containsExactly(new Polled(10, 10, 6, 4, FrameRing.LIMIT_PACKETS));
        assertThat(ring.received()).isEqualTo(11);
        assertThat(ring.trailingDrops()).isZero();
    }

    @Test
    void byteBoundDropsBeforeThePacketBoundAndTwoBurstsAreTwo() {
        FrameRing ring = new FrameRing(new HandoffLimits(64, 100));
        assertThat(ring.offer(0, new byte[60], 60)).isTrue();
        assertThat(ring.offer(1, new byte[60], 60)).isFalse();
        assertThat(ring.offer(2, new byte[40], 40)).isTrue();
        assertThat(ring.offer(3, new byte[1], 1)).isFalse();
        assertThat(ring.offer(4, new byte[1], 1)).isFalse();
        List<Polled> polled = drain(ring);
        assertThat(polled).containsExactly(new Polled(0, 60, 0, 0, (byte) 0),
                new Polled(2, 40, 1, 1, FrameRing.LIMIT_BYTES));
        assertThat(ring.bursts()).isEqualTo(2);
        assertThat(ring.trailingDrops()).isEqualTo(2);
        assertThat(ring.trailingFirstDrop()).isEqualTo(3);
        assertThat(ring.received()).isEqualTo(5);
        assertThat(ring.inFlight()).isZero();
    }

    @Test
    void twoThreadsKeepOrderAndCount() throws Exception {
        FrameRing ring = new FrameRing(new HandoffLimits(256, 1 << 30));
        int n = 200_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                ring.offer(i, new byte[1], 1);
            }
        });
        long[] seen = {0, -1, 0};
        producer.start();
        while (producer.isAlive() || ring.inFlight() > 0) {
            if (!ring.poll((ts, data, orig, drops, first, limit) -> {
                assertThat(ts).isGreaterThan(seen[1]);
                seen[1] = ts;
                seen[0]++;
                seen[2] += drops;
            })) {
                ring.await(100_000);
            }
        }
        producer.join();
        assertThat(seen[0] + seen[2] + ring.trailingDrops()).isEqualTo(n);
        assertThat(seen[0] + ring.dropped()).isEqualTo(n);
    }
}
