package io.hopsniff.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.LinkType;
import io.hopsniff.capture.PacketSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CaptureThreadTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void requireCapture() {
        Live.assumeCaptureWorks();
    }

    static final class Counting implements PacketSink {
        final AtomicLong packets = new AtomicLong();
        final List<CaptureIssue> issues = new CopyOnWriteArrayList<>();
        final AtomicBoolean sawPayload = new AtomicBoolean();
        final byte[] needle;
        final long sleepNanos;

        Counting(byte[] needle, long sleepNanos) {
            this.needle = needle;
            this.sleepNanos = sleepNanos;
        }

        @Override
        public void packet(long ts, int linkType, ByteBuffer data, int orig) {
            packets.incrementAndGet();
            byte[] b = new byte[data.remaining()];
            data.get(b);
            if (needle != null && Live.contains(b, needle)) {
                sawPayload.set(true);
            }
            if (sleepNanos > 0) {
                long until = System.nanoTime() + sleepNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void issue(CaptureIssue issue) {
            issues.add(issue);
        }
    }

    @Test
    void deliversOnTheCallersThreadAndTeesAPcapThatTsharkReads() throws Exception {
        Path pcap = tmp.resolve("live.pcap");
        byte[] payload = ("hopsniff-tee-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        try (Live.LoopbackServer server = new Live.LoopbackServer();
             PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                     .withFilter("tcp port " + server.port()))) {
            LivePcapWriter writer = LivePcapWriter.open(pcap, source.linkType(), source.snaplen());
            CaptureThread ct = CaptureThread.start(source, writer, HandoffLimits.defaults());
            Thread sender = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    for (int i = 0; i < 4; i++) {
                        server.send(new String(payload, StandardCharsets.US_ASCII), 3);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            Counting sink = new Counting(payload, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // stop a little after the last connection closed and its packets were seen
            HandoffStats stats = ct.drainTo(sink, () -> (!sender.isAlive() && sink.packets.get() >= 4 * 8)
                    || System.nanoTime() > deadline);
            sender.join();
            assertThat(ct.isRunning()).isFalse();
            assertThat(sink.sawPayload).isTrue();
            assertThat(sink.issues).isEmpty();
            assertThat(stats.dropped()).isZero();
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.delivered()).isEqualTo(sink.packets.get()).isEqualTo(stats.received());
            assertThat(writer.packets()).isEqualTo(stats.received());

            assertThat(Tools.capinfosPacketCount(pcap)).isEqualTo(stats.received());
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
            String fields = Tools.run(List.of("/usr/bin/tshark", "-r", pcap.toString(), "-T", "fields",
                    "-e", "frame.encap_type", "-e", "tcp.dstport", "-e", "tcp.srcport", "-e", "data.data"));
            List<String> lines = fields.lines().toList();
            assertThat(lines).hasSize((int) stats.received());
            assertThat(lines).allMatch(l -> l.contains(String.valueOf(server.port())));
            String hex = toHex(payload);
            assertThat(lines).anyMatch(l -> l.contains(hex));
        }
    }

    @Test
    void aSlowConsumerMakesCountedDropsReportedOncePerBurst() throws Exception {
        try (Live.LoopbackServer server = new Live.LoopbackServer();
             PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                     .withFilter("tcp port " + server.port()))) {
            CaptureThread ct = CaptureThread.start(source, null, new HandoffLimits(4, 1 << 20));
            Thread sender = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    for (int i = 0; i < 10; i++) {
                        server.send("0123456789", 20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            Counting sink = new Counting(null, TimeUnit.MILLISECONDS.toNanos(5));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            AtomicLong quietSince = new AtomicLong();
            HandoffStats stats = ct.drainTo(sink, () -> {
                if (System.nanoTime() > deadline) {
                    return true;
                }
                if (sender.isAlive()) {
                    return false;
                }
                // sender done: stop once the capture thread has seen nothing new for 300 ms
                long now = System.nanoTime();
                quietSince.compareAndSet(0, now);
                return now - quietSince.get() > TimeUnit.MILLISECONDS.toNanos(300);
            });
            sender.join();

            assertThat(stats.dropped()).isPositive();
            assertThat(stats.received()).isEqualTo(stats.delivered() + stats.dropped());
            assertThat(stats.delivered()).isEqualTo(sink.packets.get());
            assertThat(stats.inFlight()).isZero();
            assertThat(sink.issues).hasSize((int) stats.dropBursts());
            long reported = 0;
            for (CaptureIssue i : sink.issues) {
                assertThat(i.kind()).isEqualTo(CaptureIssue.Kind.HANDOFF_DROPPED);
                assertThat(i.detail()).startsWith("dropped=").contains("limit=packets");
                reported += Long.parseLong(i.detail().substring("dropped=".length(), i.detail().indexOf(',')));
            }
            assertThat(reported).isEqualTo(stats.dropped());
            // libpcap itself lost nothing: every drop is hopsniff's and was counted
            assertThat(ct.libpcapStats().droppedByKernel()).isZero();
        }
    }

    @Test
    void packetLimitEndsDrainAndClosesThePcap() throws Exception {
        Path pcap = tmp.resolve("limit.pcap");
        try (Live.LoopbackServer server = new Live.LoopbackServer();
             PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                     .withFilter("tcp port " + server.port()).withPacketLimit(5))) {
            CaptureThread ct = CaptureThread.start(source,
                    LivePcapWriter.open(pcap, source.linkType(), source.snaplen()), HandoffLimits.defaults());
            Thread sender = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    server.send("abc", 5);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            Counting sink = new Counting(null, 0);
            HandoffStats stats = ct.drainTo(sink, () -> false);
            sender.join();
            assertThat(stats.delivered()).isEqualTo(5);
            assertThat(Tools.capinfosPacketCount(pcap)).isEqualTo(5);
            assertThat(source.linkType()).isEqualTo(LinkType.ETHERNET);
        }
    }

    @Test
    void stopFromAnotherThreadWithNoTrafficFlushesAnEmptyButValidPcap() throws Exception {
        Path pcap = tmp.resolve("empty.pcap");
        try (PcapLiveSource source = PcapLiveSource.open(LiveCaptureConfig.defaults().withInterface("lo")
                .withFilter("tcp port 9 and host 127.0.0.99"))) {
            CaptureThread ct = CaptureThread.start(source,
                    LivePcapWriter.open(pcap, source.linkType(), source.snaplen()), HandoffLimits.defaults());
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                ct.stop(); // what a SIGINT shutdown hook does
            });
            stopper.start();
            HandoffStats stats = ct.drainTo(new Counting(null, 0), () -> false);
            assertThat(stats.received()).isZero();
            assertThat(Tools.capinfosPacketCount(pcap)).isZero();
            ct.close();
        }
    }

    private static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
