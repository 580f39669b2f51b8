package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rings given back wait for the next message, within the room the limit leaves: the rings directions hold and
 * those waiting never add up to more than the limit.
 */
class RingPoolTest {

    private static final int MIN = RecentBytes.MIN;

    @Test
    void aRingGivenBackIsTheNextOneTaken() {
        RingPool pool = new RingPool(4 * MIN);
        byte[] a = pool.take(MIN, 0);
        byte[] b = pool.take(MIN, 0);
        pool.give(a);
        pool.give(b);
        assertThat(pool.waiting()).isEqualTo(2 * MIN);
        assertThat(pool.take(MIN, 0)).isSameAs(b);
        assertThat(pool.take(MIN, 0)).isSameAs(a);
        assertThat(pool.waiting()).isZero();
    }

    @Test
    void heldAndWaitingRingsTogetherStayWithinTheLimit() {
        RingPool pool = new RingPool(4 * MIN);
        byte[] large = pool.take(4 * MIN, 0);
        pool.give(large);
        assertThat(pool.waiting()).isEqualTo(4 * MIN); // nothing held: the whole limit may wait
        byte[] small = pool.take(MIN, 0);
        // held 1 KiB + waiting 4 KiB would pass the 4 KiB limit: the waiting ring is let go
        assertThat(pool.waiting()).isZero();
        byte[] other = pool.take(MIN, 0);
        pool.give(small);
        // held 1 KiB: a given-back 1 KiB ring waits (2 KiB in all)
        assertThat(pool.waiting()).isEqualTo(MIN);
        assertThat(pool.take(4 * MIN, 0)).isNull(); // 1 KiB held + 4 KiB: refused, as before
        pool.give(other);
        assertThat(pool.take(4 * MIN, 0)).isNotSameAs(large);
        // held 4 KiB: the two 1 KiB rings were let go to make room
        assertThat(pool.waiting()).isZero();
    }

    @Test
    void tighteningLetsTheWaitingRingsBeyondTheNewLimitGo() {
        int limit = 2 * 1024 * 1024;
        RingPool pool = new RingPool(limit);
        List<byte[]> rings = new ArrayList<>();
        for (int i = 0; i < limit / RecentBytes.MAX; i++) {
            rings.add(pool.take(RecentBytes.MAX, 0));
        }
        rings.forEach(pool::give);
        assertThat(pool.waiting()).isEqualTo(limit);
        assertThat(pool.tighten()).isEqualTo(limit / 2);
        assertThat(pool.waiting()).isEqualTo(limit / 2);
        Set<byte[]> old = Collections.newSetFromMap(new IdentityHashMap<>());
        old.addAll(rings);
        int reused = 0;
        for (int i = 0; i < limit / 2 / RecentBytes.MAX; i++) {
            reused += old.contains(pool.take(RecentBytes.MAX, 0)) ? 1 : 0;
        }
        assertThat(reused).isEqualTo(limit / 2 / RecentBytes.MAX);
        assertThat(pool.take(RecentBytes.MAX, 0)).isNull();
    }
}
