package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hopsniff.capture.LinkType;
import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.live.CaptureException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PcapLiveSourceTest {

    record Captured(long ts, int linkType, byte[] data, int orig) {
    }

    static final class Collect implements PacketSink {
        final List<Captured> packets = new CopyOnWriteArrayList<>();

        @Override
        public void packet(long ts, int linkType, ByteBuffer data, int orig) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            packets.add(new Captured(ts, linkType, b, orig));
        }

        boolean sawPayload(byte[] needle) {
            return packets.stream().anyMatch(p -> Live.contains(p.data(), needle));
        }
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void requireCapture() {
        Live.assumeCaptureWorks();
    }

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void libpcapVersionNamesLibpcap() throws Exception {
        assertThat(PcapLiveSource.libpcapVersion()).startsWith("libpcap version");
    }

    @Test
    void capturesLoopbackTrafficWithPayloadTimestampsAndStats() throws Exception {
        try (Live.LoopbackServer server = new Live.LoopbackServer();
             PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                     .withFilter("tcp port " + server.port()))) {
            assertThat(source.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(source.snaplen()).isEqualTo(LiveCaptureConfig.DEFAULT_SNAPLEN);
            Collect sink = new Collect();
            byte[] payload = ("hopsniff-live-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
            AtomicBoolean stop = new AtomicBoolean();
            long before = System.currentTimeMillis() * 1_000_000L;
            Future<Long> run = pool.submit(() -> source.run(sink, stop::get));
            Thread.sleep(200); // let pcap_loop start; packets before that would sit in the kernel buffer anyway
            for (int i = 0; i < 3; i++) {
                server.send(new String(payload, StandardCharsets.US_ASCII), 2);
            }
            awaitTrue(() -> sink.sawPayload(payload) && sink.packets.size() >= 3 * 7);
            stop.set(true);
            long delivered = run.get(5, TimeUnit.SECONDS);
            long after = System.currentTimeMillis() * 1_000_000L;

            assertThat(delivered).isEqualTo(sink.packets.size());
            // 3 connections: SYN, SYN-ACK, ACK, 2 data, their ACKs, FIN handshake: at least 7 each
            assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(21);
            for (Captured p : sink.packets) {
                assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET);
                assertThat(p.ts()).isBetween(before - 1_000_000_000L, after + 1_000_000_000L);
                assertThat(p.orig()).isEqualTo(p.data().length);
                assertThat(p.data().length).isGreaterThanOrEqualTo(14 + 20 + 20);
            }
            for (int i = 1; i < sink.packets.size(); i++) {
                assertThat(sink.packets.get(i).ts()).isGreaterThanOrEqualTo(sink.packets.get(i - 1).ts());
            }
            long withPayload = sink.packets.stream().filter(p -> Live.contains(p.data(), payload)).count();
            assertThat(withPayload).isGreaterThanOrEqualTo(3); // Nagle is off, but loopback may merge the two writes
            LiveStats stats = source.stats();
            assertThat(stats.received()).isGreaterThanOrEqualTo(sink.packets.size());
            assertThat(stats.droppedByKernel()).isZero();
        }
    }

    @Test
    void nanosecondTimestampsOnLinux() throws Exception {
        try (PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo"))) {
            assertThat(source.nanosecondTimestamps()).isTrue();
        }
    }

    @Test
    void packetLimitEndsTheRun() throws Exception {
        try (Live.LoopbackServer server = new Live.LoopbackServer();
             PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                     .withFilter("tcp port " + server.port()).withPacketLimit(3))) {
            Collect sink = new Collect();
            Future<Long> run = pool.submit(() -> source.run(sink, () -> false));
            Thread.sleep(200);
            server.send("x", 1);
            assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(sink.packets).hasSize(3);
        }
    }

    @Test
    void breakLoopFromAnotherThreadEndsAnIdleRun() throws Exception {
        try (PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                .withFilter("tcp port 9 and host 127.0.0.99"))) {
            Future<Long> run = pool.submit(() -> source.run(new Collect(), () -> false));
            Thread.sleep(300);
            assertThat(run.isDone()).isFalse();
            long t0 = System.nanoTime();
            source.breakLoop();
            assertThat(run.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    void breakLoopBeforeRunMakesRunReturnAtOnce() throws Exception {
        try (PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo"))) {
            source.breakLoop();
            assertThat(source.run(new Collect(), () -> false)).isZero();
        }
    }

    @Test
    void stopSupplierEndsAnIdleRun() throws Exception {
        try (PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                .withFilter("tcp port 9 and host 127.0.0.99"))) {
            AtomicBoolean stop = new AtomicBoolean();
            Future<Long> run = pool.submit(() -> source.run(new Collect(), stop::get));
            Thread.sleep(200);
            stop.set(true);
            assertThat(run.get(5, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void closeFromAnotherThreadEndsTheRun() throws Exception {
        PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                .withFilter("tcp port 9 and host 127.0.0.99"));
        Future<Long> run = pool.submit(() -> source.run(new Collect(), () -> false));
        Thread.sleep(200);
        source.close();
        assertThat(run.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aThrowingSinkIsNotSwallowed() throws Exception {
        try (Live.LoopbackServer server = new Live.LoopbackServer();
             PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                     .withFilter("tcp port " + server.port()))) {
            PacketSink boom = (ts, lt, data, orig) -> {
                throw new IllegalStateException("sink broke");
            };
            Future<Long> run = pool.submit(() -> source.run(boom, () -> false));
            Thread.sleep(200);
            server.send("x", 1);
            assertThatThrownBy(() -> run.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("sink broke");
        }
    }

    @Test
    void bogusInterfaceIsNoSuchInterface() {
        assertThatThrownBy(() -> PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("hopsniff-nx0")))
                .isInstanceOfSatisfying(CaptureException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_INTERFACE);
                    assertThat(e.getMessage()).contains("hopsniff-nx0").doesNotContain("\n");
                });
    }

    @Test
    void invalidFilterIsBadFilterWithLibpcapsMessage() {
        assertThatThrownBy(() -> PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                .withFilter("tcp and and")))
                .isInstanceOfSatisfying(CaptureException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_FILTER);
                    assertThat(e.getMessage()).contains("'tcp and and'").contains("syntax error")
                            .doesNotContain("pcap_compile").doesNotContain("\n");
                });
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
