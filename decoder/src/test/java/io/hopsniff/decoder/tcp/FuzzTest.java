package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hopsniff.capture.LinkType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Garbage in never throws out of packet()/finish(), and every connection still gets exactly one end(). */
class FuzzTest {
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
            LinkType.LOOP, LinkType.RAW, LinkType.IPV4, LinkType.IPV6, 9999};

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        Seg v4 = Seg.of("10.0.0.1", 40000, "10.0.0.2", 80).seq(7).payload("GET / HTTP/1.1\r\n\r\n");
        Seg v6 = Seg.of("2001:db8::1", 40000, "2001:db8::2", 80).seq(7).payload("HTTP/1.1 200 OK\r\n")
                .extension(0, new byte[8]).extension(44, new byte[8]);
        seeds.add(v4.ethernet());
        seeds.add(v4.ethernet(0x88a8, 0x8100));
        seeds.add(v6.ethernet(0x8100));
        seeds.add(Frames.sll(v4.ip(), 0x0800));
        seeds.add(Frames.sll2(v6.ip(), 0x86DD));
        seeds.add(Frames.nullLink(v4.ip(), 2, true));
        seeds.add(v4.ip());
        seeds.add(v6.ip());
        seeds.add(Seg.of("10.0.0.1", 40000, "10.0.0.2", 80).seq(7).flags(Seg.SYN).tcpOptions(new byte[] {2, 4, 5, (byte) 0xb4}).ip());
        return seeds;
    }

    @Test
    void randomAndMutatedFramesNeverThrow() {
        Random random = new Random(7);
        List<byte[]> seeds = seeds();
        List<Recorder> all = new ArrayList<>();
        TcpTracker tracker = new TcpTracker(new TcpLimits(50, 4096, 10_000_000_000L), List.of(), c -> {
            Recorder r = new Recorder(c);
            all.add(r);
            return r;
        }, a -> { });
        long ts = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] frame;
            if (i % 4 == 0) {
                frame = new byte[random.nextInt(120)];
                random.nextBytes(frame);
            } else {
                byte[] seed = seeds.get(random.nextInt(seeds.size()));
                frame = java.util.Arrays.copyOf(seed, Math.max(0, seed.length + random.nextInt(9) - 6));
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips && frame.length > 0; f++) {
                    frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                }
            }
            int linkType = i % 4 == 0 ? LINK_TYPES[random.nextInt(LINK_TYPES.length)] : guessLinkType(seeds, frame);
            ts += random.nextInt(3_000_000) * 1000L - 500_000_000L; // sometimes backwards
            final byte[] f = frame;
            final long t = ts;
            final int lt = linkType;
            // offset buffers: position not 0, limit before capacity
            ByteBuffer b = ByteBuffer.allocate(f.length + 8);
            b.position(3);
            b.put(f);
            b.flip();
            b.position(3);
            assertThatCode(() -> tracker.packet(t, lt, b, f.length)).doesNotThrowAnyException();
        }
        long end = ts;
        assertThatCode(() -> tracker.finish(end)).doesNotThrowAnyException();
        assertThat(tracker.stats().consumerErrors()).isZero();
        for (Recorder r : all) {
            assertThat(r.events.stream().filter(e -> e.startsWith("end "))).as(r.connection.toString()).hasSize(1);
            assertThat(r.events.get(r.events.size() - 1)).startsWith("end ");
        }
        assertThat(tracker.stats().packets()).isEqualTo(20_000);
    }

    private static int guessLinkType(List<byte[]> seeds, byte[] frame) {
        return frame.length % 2 == 0 ? LinkType.ETHERNET : LinkType.RAW;
    }

    /** {@code stored}: fed as from a capture file, so retransmissions read delivered bytes back. */
    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void mutatedTcpHeadersOverOneConnectionNeverThrow(boolean stored) {
        Random random = new Random(11);
        Harness h = new Harness(new TcpLimits(20, 2048, 1_000_000_000L), List.of());
        if (stored) {
            h.stored();
        }
        for (int i = 0; i < 5_000; i++) {
            Seg s = Seg.of("10.0.0.1", 40000 + random.nextInt(3), "10.0.0.2", 80)
                    .seq(random.nextInt(4096) + (random.nextBoolean() ? 0 : 0xFFFFF000L))
                    .ack(random.nextInt())
                    .flags(random.nextInt(64))
                    .payload(new byte[random.nextInt(200)]);
            if (random.nextBoolean()) {
                s = Seg.of("10.0.0.2", 80, "10.0.0.1", 40000 + random.nextInt(3)).seq(random.nextInt()).ack(random.nextInt())
                        .flags(random.nextInt(64)).payload(new byte[random.nextInt(50)]);
            }
            if (random.nextInt(10) == 0) {
                s.snap(20 + random.nextInt(80));
            }
            Seg seg = s;
            assertThatCode(() -> h.raw(seg)).doesNotThrowAnyException();
            h.now += random.nextInt(100_000_000);
        }
        assertThatCode(h::finish).doesNotThrowAnyException();
        for (Recorder r : h.recorders.values()) {
            assertThat(r.events.stream().filter(e -> e.startsWith("end "))).hasSize(1);
            assertThat(r.events.get(r.events.size() - 1)).startsWith("end ");
        }
    }
}
