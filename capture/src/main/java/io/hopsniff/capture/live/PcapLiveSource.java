package io.hopsniff.capture.live;

import io.hopsniff.capture.LinkType;
import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.live.CaptureException.Kind;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * A live libpcap handle. The only class in hopsniff that touches pcap4j, so swapping the binding (pcap4j 2.x,
 * a fork, Java FFM) is a one-file change.
 *
 * <p>Threads: {@link #run} blocks the calling thread in {@code pcap_loop}; {@link #breakLoop()},
 * {@link #stats()} and {@link #close()} may be called from any other thread or a shutdown hook. libpcap
 * ≥ 1.10 wakes a blocked {@code pcap_loop} on Linux through an eventfd, and a watcher re-issues the break every
 * {@value #WATCH_MILLIS} ms until the loop has returned, so a stop is never lost to a race with loop entry.
 *
 * <p>pcap4j swallows (logs) anything a listener throws; we catch it ourselves, break the loop and rethrow it
 * from {@code run}, so a failing sink cannot go unnoticed.
 */
public final class PcapLiveSource implements AutoCloseable {
    static final int WATCH_MILLIS = 20;

    private final PcapHandle handle;
    private final LiveCaptureConfig config;
    private final int linkType;
    private final int snaplen;
    private final boolean nanoTimestamps;
    private volatile boolean breakRequested;
    private volatile boolean running;
    private volatile boolean closed;

    private PcapLiveSource(PcapHandle handle, LiveCaptureConfig config) throws NotOpenException {
        this.handle = handle;
        this.config = config;
        this.linkType = LinkType.normalise(handle.getDlt().value());
        this.snaplen = handle.getSnapshot();
        this.nanoTimestamps = handle.getTimestampPrecision() == TimestampPrecision.NANO;
    }

    /** Opens, activates and filters the device. Needs root or CAP_NET_RAW; drop privileges afterwards. */
    public static PcapLiveSource open(LiveCaptureConfig config) throws CaptureException {
        LibpcapLocator.ensureConfigured();
        String dev = config.interfaceName();
        PcapHandle handle;
        try {
            handle = build(config, TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            if (e.getMessage() != null && e.getMessage().contains("pcap_set_tstamp_precision")) {
                // libpcap < 1.5 has no precision setting at all: take microseconds
                handle = buildOrThrow(config, null);
            } else {
                throw CaptureErrors.fromLibpcap("cannot open " + dev, e.getMessage(), e.getReturnCode(), e);
            }
        } catch (LinkageError e) {
            throw libpcapMissing(e);
        }
        try {
            if (!config.filter().isEmpty()) {
                setFilter(handle, config.filter());
            }
            return new PcapLiveSource(handle, config);
        } catch (CaptureException e) {
            handle.close();
            throw e;
        } catch (NotOpenException e) {
            handle.close();
            throw new CaptureException(Kind.OTHER, "cannot open " + dev + ": handle closed while opening", e);
        }
    }

    private static PcapHandle buildOrThrow(LiveCaptureConfig config, TimestampPrecision precision)
            throws CaptureException {
        try {
            return build(config, precision);
        } catch (PcapNativeException e) {
            throw CaptureErrors.fromLibpcap("cannot open " + config.interfaceName(), e.getMessage(),
                    e.getReturnCode(), e);
        }
    }

    private static PcapHandle build(LiveCaptureConfig config, TimestampPrecision precision)
            throws PcapNativeException {
        PcapHandle.Builder b = new PcapHandle.Builder(config.interfaceName())
                .snaplen(config.snaplen())
                .promiscuousMode(config.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(config.timeoutMillis())
                .immediateMode(config.immediate());
        if (config.bufferBytes() > 0) {
            b.bufferSize(config.bufferBytes());
        }
        if (precision != null) {
            // pcap4j falls back to MICRO by itself when the device refuses NANO; we read back what we got
            b.timestampPrecision(precision);
        }
        return b.build();
    }

    private static void setFilter(PcapHandle handle, String filter) throws CaptureException, NotOpenException {
        try {
            handle.setFilter(filter, BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
        } catch (PcapNativeException e) {
            String raw = e.getMessage() == null ? "" : e.getMessage();
            String msg = CaptureErrors.clean(raw);
            if (raw.contains("pcap_compile")) {
                throw new CaptureException(Kind.BAD_FILTER,
                        CaptureErrors.oneLine("bad filter '" + filter + "': " + msg), e);
            }
            throw new CaptureException(Kind.OTHER,
                    CaptureErrors.oneLine("cannot apply filter '" + filter + "': " + msg), e);
        }
    }

    /** The device's link type as a LINKTYPE_ value ({@link LinkType}): 1 on lo/eth, 113 on "any". */
    public int linkType() {
        return linkType;
    }

    /** The snapshot length libpcap actually applies (it may lower what was asked). */
    public int snaplen() {
        return snaplen;
    }

    /** True when timestamps carry nanoseconds; false when the device only gave microseconds. */
    public boolean nanosecondTimestamps() {
        return nanoTimestamps;
    }

    public LiveCaptureConfig config() {
        return config;
    }

    /**
     * Captures until the packet limit is reached, {@code stop} says so, {@link #breakLoop()} is called (before
     * or during the run), or libpcap fails. The sink is called on this thread with a buffer over a fresh array.
     * {@code stop} is polled on this thread per packet and on a watcher thread, so it must be thread-safe.
     *
     * @return packets delivered
     */
    public long run(PacketSink sink, BooleanSupplier stop) throws CaptureException {
        return runFrames((ts, data, orig) -> sink.packet(ts, linkType, ByteBuffer.wrap(data), orig), stop);
    }

    /** Like {@link #run}, but the handler owns each array: the capture thread's entry point. */
    long runFrames(FrameHandler handler, BooleanSupplier stop) throws CaptureException {
        if (closed) {
            throw new CaptureException(Kind.OTHER, "capture on " + config.interfaceName() + ": source is closed");
        }
        long[] delivered = {0};
        Throwable[] failure = {null};
        RawPacketListener listener = data -> {
            if (failure[0] != null) {
                return;
            }
            try {
                // set by pcap4j in this thread just before the call, from the pcap_pkthdr of this packet
                Timestamp ts = handle.getTimestamp();
                Integer orig = handle.getOriginalLength();
                long nanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                handler.frame(nanos, data, orig == null ? data.length : orig);
                delivered[0]++;
                if (stop.getAsBoolean()) {
                    breakLoop();
                }
            } catch (Throwable t) {
                failure[0] = t;
                breakLoop();
            }
        };
        Thread watcher = startWatcher(stop);
        running = true;
        try {
            if (!breakRequested) {
                handle.loop(config.packetLimit() == 0 ? -1 : (int) config.packetLimit(), listener);
            }
        } catch (InterruptedException e) {
            // pcap_loop returned PCAP_ERROR_BREAK: breakLoop() was called, a normal stop
        } catch (NotOpenException e) {
            // closed from another thread: also a stop
        } catch (PcapNativeException e) {
            if (!closed) {
                throw CaptureErrors.fromLibpcap("capture on " + config.interfaceName() + " failed", e.getMessage(),
                        e.getReturnCode(), e);
            }
        } finally {
            running = false;
            watcher.interrupt();
        }
        if (failure[0] instanceof CaptureException ce) {
            throw ce;
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        }
        if (failure[0] instanceof Error err) {
            throw err;
        }
        if (failure[0] != null) {
            throw new CaptureException(Kind.OTHER, CaptureErrors.oneLine("capture on " + config.interfaceName()
                    + " stopped: " + failure[0]), failure[0]);
        }
        return delivered[0];
    }

    private Thread startWatcher(BooleanSupplier stop) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (breakRequested || stop.getAsBoolean()) {
                    breakLoop();
                }
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "hopsniff-stop-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Makes {@link #run} return soon; idempotent, safe from any thread, before, during or after the run. */
    public void breakLoop() {
        breakRequested = true;
        if (closed || !running) {
            return;
        }
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed: the loop is over
        }
    }

    /**
     * libpcap's counters since the handle was opened; callable while {@link #run} is in progress. Synchronized:
     * on Linux pcap_stats adds the kernel's counters (which reading resets) into the handle's, and the status
     * line and the interim reports may ask at the same time.
     */
    public synchronized LiveStats stats() throws CaptureException {
        try {
            PcapStat s = handle.getStats();
            return new LiveStats(s.getNumPacketsReceived(), s.getNumPacketsDropped(), s.getNumPacketsDroppedByIf());
        } catch (PcapNativeException e) {
            throw CaptureErrors.fromLibpcap("stats of " + config.interfaceName(), e.getMessage(), e.getReturnCode(),
                    e);
        } catch (NotOpenException e) {
            throw new CaptureException(Kind.OTHER, "stats of " + config.interfaceName() + ": source is closed", e);
        }
    }

    /** e.g. {@code "libpcap version 1.10.3 (with TPACKET_V3)"}. */
    public static String libpcapVersion() throws CaptureException {
        LibpcapLocator.ensureConfigured();
        try {
            return Pcaps.libVersion();
        } catch (LinkageError e) {
            throw libpcapMissing(e);
        }
    }

    /** Backs {@link Interfaces}: libpcap's device list. */
    static List<InterfaceInfo> findAllDevs() throws CaptureException {
        LibpcapLocator.ensureConfigured();
        try {
            List<InterfaceInfo> out = new ArrayList<>();
            for (PcapNetworkInterface nif : Pcaps.findAllDevs()) {
                List<String> addrs = new ArrayList<>();
                for (PcapAddress a : nif.getAddresses()) {
                    InetAddress ip = a.getAddress();
                    if (ip == null) {
                        continue;
                    }
                    InetAddress mask = a.getNetmask();
                    addrs.add(ip.getHostAddress() + (mask == null ? "" : "/" + mask.getHostAddress()));
                }
                out.add(new InterfaceInfo(nif.getName(), nif.getDescription(), addrs, nif.isUp(), nif.isRunning(),
                        nif.isLoopBack()));
            }
            return out;
        } catch (PcapNativeException e) {
            throw CaptureErrors.fromLibpcap("cannot list interfaces", e.getMessage(), e.getReturnCode(), e);
        } catch (LinkageError e) {
            throw libpcapMissing(e);
        }
    }

    private static CaptureException libpcapMissing(LinkageError e) {
        String path = System.getProperty(LibpcapLocator.PROPERTY, "pcap");
        return new CaptureException(Kind.LIBPCAP_MISSING,
                CaptureErrors.oneLine("cannot load libpcap (" + path + "): " + e), e);
    }

    /** Breaks a running loop first: pcap4j's close waits for the loop to release the handle. */
    @Override
    public void close() {
        breakLoop();
        closed = true;
        handle.close();
    }
}
