package io.hopsniff.decoder.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Every compressed message is inflated (RFC 7692 streams share one window, so every byte is inflated even when
 * little is kept), within bounds: a direction's output, the run's output and the memory of the inflaters alive at
 * once. Past one, nothing more is inflated on that direction, the messages are counted and the bound is named
 * (WS_INFLATE_LIMIT), so many small deflate bombs cost bounded CPU and memory.
 */
class InflateBudgetTest {

    private static final int MIB = 1 << 20;

    /** Counts what an inflation gives out. */
    private static final class Counted implements Inflation.Sink {
        long bytes;

        @Override
        public void inflated(ByteBuffer b, int n) {
            bytes += n;
        }
    }

    /** Inflates one message (all its wire bytes in one call); whether all of it was inflated. */
    private static boolean message(Inflation inflation, byte[] wire, Counted out) {
        if (!inflation.start()) {
            return inflation.end(out);
        }
        inflation.payload(ByteBuffer.wrap(wire), 0, wire.length, null, 0, false, out);
        return inflation.end(out);
    }

    private static List<Anomaly> closed(Inflation inflation) {
        List<Anomaly> named = new ArrayList<>();
        inflation.close(named::add, Direction.SERVER_TO_CLIENT, 1, 1, 3);
        return named;
    }

    @Test
    void pastADirectionsBoundNothingMoreIsInflated() {
        Inflation inflation = new Inflation(false, InflateBudget.unlimited(), 3L * MIB);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        Counted out = new Counted();
        boolean[] whole = new boolean[5];
        for (int m = 0; m < 5; m++) {
            whole[m] = message(inflation, Deflated.message(deflater, new byte[MIB]), out);
        }
        assertThat(whole).containsExactly(true, true, true, false, false);
        assertThat(out.bytes).as("three messages, and at most a chunk of the fourth")
                .isBetween(3L * MIB, 3L * MIB + 8192);
        assertThat(closed(inflation)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.WS_INFLATE_LIMIT);
            assertThat(a.detail()).isEqualTo("direction=s2c, messages_not_inflated=2, direction_bytes=" + 3 * MIB);
        });
    }

    @Test
    void theRunsOutputIsSharedByEveryDirection() {
        InflateBudget budget = new InflateBudget(KeptBytes.unlimited(), new KeptBytes(3L * MIB / 2));
        Inflation first = new Inflation(false, budget);
        Inflation second = new Inflation(false, budget);
        Counted out = new Counted();
        assertThat(message(first, Deflated.message(new Deflater(9, true), new byte[MIB]), out)).isTrue();
        assertThat(message(second, Deflated.message(new Deflater(9, true), new byte[MIB]), out)).isFalse();
        assertThat(out.bytes).isLessThanOrEqualTo(3L * MIB / 2);
        assertThat(closed(first)).isEmpty();
        assertThat(closed(second)).singleElement().satisfies(a -> assertThat(a.detail())
                .isEqualTo("direction=s2c, messages_not_inflated=1, run_bytes=" + 3 * MIB / 2
                        + " (all sessions together)"));
    }

    @Test
    void anInflaterHoldsItsShareOfTheRunsMemoryWhileItsSessionLives() {
        InflateBudget budget = new InflateBudget(new KeptBytes(Inflation.INFLATER_BYTES), KeptBytes.unlimited());
        byte[] wire = Deflated.message(new Deflater(9, true), "hello, dashboard".getBytes());
        Inflation first = new Inflation(false, budget);
        Inflation second = new Inflation(false, budget);
        Counted out = new Counted();
        assertThat(message(first, wire, out)).isTrue();
        assertThat(out.bytes).isEqualTo("hello, dashboard".length());
        assertThat(message(second, wire, out)).as("no room for a second inflater").isFalse();
        assertThat(budget.inflaters().used()).isEqualTo(Inflation.INFLATER_BYTES);

        assertThat(closed(first)).isEmpty();
        assertThat(budget.inflaters().used()).isZero();
        assertThat(closed(second)).singleElement().satisfies(a -> assertThat(a.detail())
                .isEqualTo("direction=s2c, messages_not_inflated=1, inflaters_bytes=" + Inflation.INFLATER_BYTES
                        + " (all sessions together)"));
        Inflation third = new Inflation(false, budget);
        assertThat(message(third, wire, out)).as("room again once the first session ended").isTrue();
        third.close();
        assertThat(budget.inflaters().used()).isZero();
    }

    @Test
    void withoutContextTakeoverTheNextMessageIsInflatedAfresh() {
        InflateBudget budget = new InflateBudget(new KeptBytes(Inflation.INFLATER_BYTES), KeptBytes.unlimited());
        Inflation holder = new Inflation(false, budget);
        Counted out = new Counted();
        byte[] wire = Deflated.message(new Deflater(9, true), "tick".getBytes());
        assertThat(message(holder, wire, out)).isTrue();
        Inflation fresh = new Inflation(true, budget);
        assertThat(message(fresh, wire, out)).isFalse();
        holder.close();
        assertThat(message(fresh, wire, out)).as("each message a stream of its own: the bound is tried again").isTrue();
        assertThat(closed(fresh)).singleElement()
                .satisfies(a -> assertThat(a.detail()).contains("messages_not_inflated=1"));
    }

    /**
     * A listed message holds its record's cost beside its bytes: with room for two records and the first one's
     * bytes, the second is listed without its bytes, the third not at all, and both are named.
     */
    @Test
    void withNoRoomForTheirRecordsMessagesAreCountedNotListed() {
        KeptBytes budget = new KeptBytes(2 * PayloadKeeper.MESSAGE_COST + 5);
        PayloadKeeper keeper = new PayloadKeeper(16, 1000, budget);
        for (String text : new String[] {"first", "second", "third"}) {
            byte[] plain = text.getBytes();
            keeper.start(1, 0, false);
            keeper.payload(ByteBuffer.wrap(plain), 0, plain.length, null, 0);
            keeper.end(true);
        }
        assertThat(keeper.kept()).extracting(k -> new String(k.prefix())).containsExactly("first", "");
        List<Anomaly> named = new ArrayList<>();
        keeper.close(named::add, Direction.SERVER_TO_CLIENT, 1, 1, 3);
        assertThat(named).singleElement().satisfies(a -> assertThat(a.detail())
                .isEqualTo("direction=s2c, messages_cut=1, messages_not_listed=1, limit="
                        + (2 * PayloadKeeper.MESSAGE_COST + 5)));
        assertThat(budget.used()).isZero();
    }
}
