package io.hopsniff.decoder.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * A direction's permessage-deflate messages may inflate to at most a budget in all (RFC 7692 streams share one
 * window, so every byte is inflated even when little is kept): past it nothing more is inflated, so many small
 * deflate bombs cost bounded CPU, and the later messages are kept empty and incomplete.
 */
class InflateBudgetTest {

    private static final int MIB = 1 << 20;

    @Test
    void pastTheBudgetNothingMoreIsInflated() {
        PayloadKeeper keeper = new PayloadKeeper(16, false, 3L * MIB, 1000, io.hopsniff.decoder.http.KeptBytes.unlimited());
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[MIB];
        for (int m = 0; m < 5; m++) {
            byte[] wire = message(deflater, zeros);
            keeper.start(1, m, true);
            keeper.payload(ByteBuffer.wrap(wire), 0, wire.length, null, 0);
            keeper.end();
            assertThat(keeper.inflateBudgetSpent()).as("after message " + m).isEqualTo(m >= 3);
        }
        assertThat(keeper.kept()).hasSize(5);
        for (int m = 0; m < 3; m++) {
            assertThat(keeper.kept().get(m).prefix()).as("message " + m).isEqualTo(new byte[16]);
        }
        assertThat(keeper.kept().get(4).prefix()).isEmpty();
        assertThat(keeper.kept().get(4).complete()).isFalse();
        keeper.close();
    }

    @Test
    void anInflaterIsChargedToTheRunsBudgetWhileItLives() {
        io.hopsniff.decoder.http.KeptBytes budget = new io.hopsniff.decoder.http.KeptBytes(1 << 20);
        PayloadKeeper keeper = new PayloadKeeper(16, false, 3L * MIB, 1000, budget);
        byte[] wire = message(new Deflater(Deflater.BEST_COMPRESSION, true), "hello, dashboard".getBytes());
        keeper.start(1, 0, true);
        keeper.payload(ByteBuffer.wrap(wire), 0, wire.length, null, 0);
        keeper.end();

        assertThat(keeper.kept().get(0).prefix()).isEqualTo("hello, dashboard".getBytes());
        assertThat(keeper.kept().get(0).complete()).isTrue();
        assertThat(budget.used()).isEqualTo(PayloadKeeper.INFLATER_BYTES + 16 + PayloadKeeper.MESSAGE_COST);
        keeper.close();
        assertThat(budget.used()).isZero();
    }

    @Test
    void withNoRoomForAnInflaterCompressedMessagesAreKeptEmptyAndNamed() {
        io.hopsniff.decoder.http.KeptBytes budget = new io.hopsniff.decoder.http.KeptBytes(PayloadKeeper.INFLATER_BYTES - 1);
        PayloadKeeper keeper = new PayloadKeeper(16, false, 3L * MIB, 1000, budget);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        for (int m = 0; m < 2; m++) {
            byte[] wire = message(deflater, "hello, dashboard".getBytes());
            keeper.start(1, m, true);
            keeper.payload(ByteBuffer.wrap(wire), 0, wire.length, null, 0);
            keeper.end();
        }
        byte[] plain = "not compressed".getBytes();
        keeper.start(1, 2, false);
        keeper.payload(ByteBuffer.wrap(plain), 0, plain.length, null, 0);
        keeper.end();

        assertThat(keeper.kept()).hasSize(3);
        for (int m = 0; m < 2; m++) {
            assertThat(keeper.kept().get(m).prefix()).as("message %d", m).isEmpty();
            assertThat(keeper.kept().get(m).complete()).as("message %d", m).isFalse();
        }
        assertThat(keeper.kept().get(2).prefix()).isEqualTo("not compressed".getBytes());
        java.util.List<io.hopsniff.decoder.anomaly.Anomaly> named = new java.util.ArrayList<>();
        keeper.close(named::add, io.hopsniff.decoder.tcp.Direction.SERVER_TO_CLIENT, 1, 1, 3);
        assertThat(named).extracting(io.hopsniff.decoder.anomaly.Anomaly::type)
                .containsExactly(io.hopsniff.decoder.anomaly.AnomalyType.WS_KEPT_BYTES_LIMIT);
        assertThat(named.get(0).detail()).contains("messages_cut=2");
        assertThat(budget.used()).isZero();
    }

    /**
     * A listed message holds its record's cost beside its bytes: with room for two records and the first one's
     * bytes, the second is listed without its bytes, the third not at all, and both are named.
     */
    @Test
    void withNoRoomForTheirRecordsMessagesAreCountedNotListed() {
        io.hopsniff.decoder.http.KeptBytes budget = new io.hopsniff.decoder.http.KeptBytes(
                2 * PayloadKeeper.MESSAGE_COST + 5);
        PayloadKeeper keeper = new PayloadKeeper(16, false, 3L * MIB, 1000, budget);
        for (String text : new String[] {"first", "second", "third"}) {
            byte[] plain = text.getBytes();
            keeper.start(1, 0, false);
            keeper.payload(ByteBuffer.wrap(plain), 0, plain.length, null, 0);
            keeper.end();
        }
        assertThat(keeper.kept()).extracting(k -> new String(k.prefix())).containsExactly("first", "");
        java.util.List<io.hopsniff.decoder.anomaly.Anomaly> named = new java.util.ArrayList<>();
        keeper.close(named::add, io.hopsniff.decoder.tcp.Direction.SERVER_TO_CLIENT, 1, 1, 3);
        assertThat(named).singleElement().satisfies(a -> assertThat(a.detail())
                .isEqualTo("direction=s2c, messages_cut=1, messages_not_listed=1, limit=" + (2 * PayloadKeeper.MESSAGE_COST + 5)));
        assertThat(budget.used()).isZero();
    }

    /** One message as permessage-deflate sends it: a sync-flushed block without its 00 00 ff ff tail. */
    private static byte[] message(Deflater deflater, byte[] payload) {
        deflater.setInput(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }
}
