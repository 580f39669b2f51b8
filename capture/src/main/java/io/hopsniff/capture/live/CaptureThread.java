package io.hopsniff.capture.live;

import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.live.CaptureException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link PcapLiveSource} on its own thread and hands packets to the analysis thread through a bounded
 * {@link FrameRing}. libpcap is never blocked by analysis: when the ring is full the packet is dropped, counted
 * in {@link #handoffStats()}, and the sink hears {@link CaptureIssue.Kind#HANDOFF_DROPPED} once per burst, in
 * stream order, with the burst's size.
 *
 * <p>The optional pcap file is written on the capture thread, before the hand-off, so like {@code tcpdump -w}
 * it holds every packet libpcap delivered, including those the analysis had to drop. It is flushed and closed
 * by the capture thread on every way out of the loop: packet limit, {@link #stop()}, libpcap error. When
 * writing it fails (a full file system), it is closed where it stands and the capture and the analysis go on:
 * the sink hears {@link CaptureIssue.Kind#PCAP_WRITE_FAILED} once, and {@link #pcapFailure()} says why. A
 * {@link RotatingPcapWriter} also hears the wall clock from {@link #drainTo}'s thread, to close a file on time.
 *
 * <p>Typical use: open the source (root), open the writer, drop privileges, {@link #start}, then
 * {@link #drainTo} on the analysis thread; a shutdown hook calls {@link #stop()} and waits for
 * {@code drainTo} to return.
 */
public final class CaptureThread implements AutoCloseable {
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final PcapLiveSource source;
    private final PcapSink writer;
    private final FrameRing ring;
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile boolean finished;
    private volatile CaptureException failure;
    /** Why the pcap file stopped, or null; set once by the capture thread. */
    private volatile String pcapFailure;
    private boolean pcapFailureReported;
    private long delivered;

    private CaptureThread(PcapLiveSource source, PcapSink writer, HandoffLimits limits) {
        this.source = source;
        this.writer = writer;
        this.ring = new FrameRing(limits);
        this.thread = new Thread(this::capture, "hopsniff-capture-" + source.config().interfaceName());
        // a daemon, so a caller that forgets close() cannot keep the JVM alive in a blocked pcap_loop
        thread.setDaemon(true);
    }

    /**
     * Starts capturing. {@code pcapOut} may be null; if given, this object now owns it and closes it.
     */
    public static CaptureThread start(PcapLiveSource source, PcapSink pcapOut, HandoffLimits limits) {
        CaptureThread ct = new CaptureThread(source, pcapOut, limits);
        ct.thread.start();
        return ct;
    }

    private void capture() {
        try {
            source.runFrames((ts, data, orig) -> {
                if (writer != null && pcapFailure == null) {
                    try {
                        writer.write(ts, data, data.length, orig);
                    } catch (IOException e) {
                        pcapStopped(e);
                    }
                }
                ring.offer(ts, data, orig);
            }, () -> stopRequested);
        } catch (CaptureException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = new CaptureException(Kind.OTHER, CaptureErrors.oneLine("capture thread failed: " + e), e);
        } finally {
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    pcapStopped(e);
                }
            }
            finished = true;
            ring.wakeConsumer();
        }
    }

    /** From the capture thread (a write) or the analysis thread (a tick): the first failure is the one told. */
    private synchronized void pcapStopped(IOException e) {
        if (pcapFailure != null) {
            return;
        }
        pcapFailure = CaptureErrors.oneLine("cannot write " + writer.path() + " after " + writer.packets()
                + " packet(s): " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        try {
            writer.close();
        } catch (IOException again) {
            // already failing: the file keeps the whole records written before
        }
    }

    /** Why the {@code --write-pcap} file stopped before the capture did, or null. */
    public String pcapFailure() {
        return pcapFailure;
    }

    /**
     * Delivers packets to {@code sink} on the calling thread until {@code stop} returns true (polled at least
     * every 10 ms), {@link #stop()} is called, the packet limit is reached or capture fails; then delivers what
     * is still queued and returns. A capture failure is thrown after the queued packets were delivered.
     */
    public HandoffStats drainTo(PacketSink sink, BooleanSupplier stop) throws CaptureException {
        int linkType = source.linkType();
        FrameRing.Consumer deliver = (ts, data, orig, drops, firstDrop, limit) -> {
            if (drops > 0) {
                sink.issue(dropIssue(drops, firstDrop, limit));
            }
            delivered++;
            reportPcapFailure(sink);
            sink.packet(ts, linkType, ByteBuffer.wrap(data), orig);
        };
        boolean clean = false;
        try {
            int sinceCheck = 0;
            while (!finished) {
                if (ring.poll(deliver)) {
                    if (++sinceCheck >= 1024) {
                        sinceCheck = 0;
                        tickPcap();
                        if (stop.getAsBoolean()) {
                            stop();
                        }
                    }
                    continue;
                }
                tickPcap();
                if (stop.getAsBoolean()) {
                    stop();
                }
                ring.await(IDLE_PARK_NANOS);
            }
            // finished is volatile and set last by the capture thread: everything it queued is visible now
            while (ring.poll(deliver)) {
                // drain the rest
            }
            reportPcapFailure(sink);
            if (ring.trailingDrops() > 0) {
                sink.issue(dropIssue(ring.trailingDrops(), ring.trailingFirstDrop(), ring.trailingLimit()));
            }
            clean = true;
        } finally {
            if (!clean) {
                stop();
            }
        }
        join();
        if (failure != null) {
            throw failure;
        }
        return handoffStats();
    }

    /**
     * Lets the pcap sink see the wall clock (to close a file on time, to flush an idle buffer) from this thread,
     * which wakes at least every 10 ms while the capture thread may be blocked in pcap_loop.
     */
    private void tickPcap() {
        if (writer != null && pcapFailure == null) {
            try {
                writer.tick(System.currentTimeMillis() * 1_000_000L);
            } catch (IOException e) {
                pcapStopped(e);
            }
        }
    }

    /** Tells the sink, once and in stream order, that the pcap file stopped. */
    private void reportPcapFailure(PacketSink sink) {
        if (pcapFailure != null && !pcapFailureReported) {
            pcapFailureReported = true;
            sink.issue(new CaptureIssue(CaptureIssue.Kind.PCAP_WRITE_FAILED, delivered, pcapFailure));
        }
    }

    private CaptureIssue dropIssue(long drops, long firstDrop, byte limit) {
        String why = limit == FrameRing.LIMIT_BYTES ? "bytes" : "packets";
        return new CaptureIssue(CaptureIssue.Kind.HANDOFF_DROPPED, firstDrop,
                "dropped=" + drops + ", limit=" + why + ", queue=" + ring.capacity());
    }

    /** Asks the capture loop to end; idempotent, safe from any thread or a shutdown hook. */
    public void stop() {
        stopRequested = true;
        source.breakLoop();
    }

    public boolean isRunning() {
        return !finished;
    }

    /** A snapshot; exact ({@code inFlight == 0}) once {@link #drainTo} has returned. */
    public HandoffStats handoffStats() {
        long dropped = ring.dropped();
        long received = ring.received();
        return new HandoffStats(received, delivered, dropped, ring.bursts(), ring.inFlight());
    }

    /** libpcap's own counters for the handle (kernel drops). */
    public LiveStats libpcapStats() throws CaptureException {
        return source.stats();
    }

    private void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
                stop();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the capture and waits for its thread, which closes the pcap file. Does not close the source. */
    @Override
    public void close() {
        stop();
        join();
    }
}
