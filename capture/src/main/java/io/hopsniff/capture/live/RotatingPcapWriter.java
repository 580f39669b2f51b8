package io.hopsniff.capture.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A series of {@link LivePcapWriter} files named by {@link Rotation#fileName}: each starts with its own pcap
 * header, is owner-only, holds whole records only and is flushed and closed before the next one is opened, so
 * every file is a valid capture on its own and together they hold every packet written.
 *
 * <p>Which clock: a file is due to close when the wall clock or the timestamp of the packet being written
 * (both CLOCK_REALTIME, the kernel stamps packets with it) reaches the next boundary, {@code start + k *
 * interval}. tcpdump {@code -G} looks only at the packet being written, so an idle link keeps the file open
 * for as long as it stays idle; here {@link #tick} closes it on time, and the next file is opened by the next
 * packet, so an idle interval leaves no empty file. A packet that waited in the kernel's buffer across a
 * boundary goes into the next file: a file holds the packets that arrived after the previous one closed.
 *
 * <p>Threads: {@link #write} and {@link #close} come from the capture thread, {@link #tick} from the analysis
 * thread (the capture thread is blocked in {@code pcap_loop} while nothing arrives), so every method holds this
 * object's lock; uncontended, as it is almost always, that costs a few nanoseconds per packet.
 *
 * <p>A failure (opening, writing or closing a file) is thrown to the caller, which stops writing pcap files
 * for the rest of the run: no later file is tried, so a set of files never has a silent hole in its middle.
 */
public final class RotatingPcapWriter implements PcapSink {

    private final Path base;
    private final int linkType;
    private final int snaplen;
    private final Rotation rotation;
    private final long start;
    private long boundary;
    private LivePcapWriter current;
    private long sequence;
    private final Deque<Path> kept = new ArrayDeque<>();
    /** Files of the series from earlier runs, oldest first: the ring removes these before any of this run. */
    private final Deque<Path> earlier = new ArrayDeque<>();
    private long removed;
    private final List<String> notRemoved = new ArrayList<>();
    private long packets;
    private Path last;
    private boolean closed;

    private RotatingPcapWriter(Path base, int linkType, int snaplen, Rotation rotation, long startNanos) {
        this.base = base;
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.rotation = rotation;
        this.start = startNanos;
        this.boundary = rotation.intervalNanos() > 0 ? startNanos + rotation.intervalNanos() : Long.MAX_VALUE;
    }

    /** Opens the first file now, so a name that cannot be written fails before the capture starts. */
    public static RotatingPcapWriter open(Path base, int linkType, int snaplen, Rotation rotation, long startNanos)
            throws IOException {
        if (!rotation.enabled()) {
            throw new IllegalArgumentException("no rotation: write one file with LivePcapWriter");
        }
        RotatingPcapWriter w = new RotatingPcapWriter(base, linkType, snaplen, rotation, startNanos);
        w.continueSeries();
        w.openNext();
        return w;
    }

    @Override
    public synchronized void write(long timestampNanos, byte[] data, int length, int originalLength)
            throws IOException {
        if (closed) {
            throw new IOException("the pcap files are closed");
        }
        if (timestampNanos >= boundary) {
            closeCurrent();
            advance(timestampNanos);
        } else if (current != null && rotation.maxBytes() > 0 && current.bytes() >= rotation.maxBytes()) {
            closeCurrent();
        }
        if (current == null) {
            openNext();
        }
        current.write(timestampNanos, data, length, originalLength);
        packets++;
    }

    @Override
    public synchronized void tick(long wallClockNanos) throws IOException {
        if (closed) {
            return;
        }
        if (wallClockNanos >= boundary) {
            closeCurrent();
            advance(wallClockNanos);
        } else if (current != null) {
            current.flushIfDue(wallClockNanos);
        }
    }

    /** The first boundary after {@code now}: the grid stays {@code start + k * interval} however long the gap. */
    private void advance(long now) {
        long interval = rotation.intervalNanos();
        boundary = start + (Math.floorDiv(now - start, interval) + 1) * interval;
    }

    /**
     * Files of the series already in the directory (an earlier run: a service restarted after a crash) are kept:
     * numbering resumes after the highest, and the ring counts them, oldest first, so that a restart neither
     * overwrites the packets from before it nor lets the series grow past the ring. Links and other non-files
     * with a series name are left alone and not counted.
     */
    private void continueSeries() {
        Path dir = base.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        java.util.TreeMap<Long, Path> found = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                long n = Rotation.numberIn(base, f);
                if (n > 0 && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    found.put(n, f);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // A directory we may write but not list (mode -wx): nothing to continue from that we can see;
            // creating the first file says whether it can be written at all.
            return;
        }
        if (!found.isEmpty()) {
            sequence = found.lastKey();
            earlier.addAll(found.values());
        }
    }

    private void openNext() throws IOException {
        sequence++;
        Path next = Rotation.fileName(base, sequence);
        last = next;
        if (rotation.maxFiles() > 0) {
            while (kept.size() + earlier.size() >= rotation.maxFiles()) {
                Path oldest = earlier.isEmpty() ? kept.removeFirst() : earlier.removeFirst();
                try {
                    Files.deleteIfExists(oldest);
                    removed++;
                } catch (IOException e) {
                    // The capture matters more than the bound: keep writing, and say so at the end.
                    notRemoved.add(oldest + " (" + e + ")");
                }
            }
        }
        current = LivePcapWriter.open(next, linkType, snaplen);
        kept.addLast(next);
    }

    private void closeCurrent() throws IOException {
        LivePcapWriter c = current;
        current = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public synchronized long packets() {
        return packets;
    }

    @Override
    public synchronized Path path() {
        return last;
    }

    /** The files of this run still there (as far as this writer knows), oldest first; earlier runs' are not listed. */
    public synchronized List<Path> files() {
        return List.copyOf(kept);
    }

    /** Files of the series (this run's or an earlier one's) removed to keep the ring at {@link Rotation#maxFiles()}. */
    public synchronized long removed() {
        return removed;
    }

    /** Files the ring should have removed but could not, with the reason. */
    public synchronized List<String> notRemoved() {
        return List.copyOf(notRemoved);
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            closeCurrent();
        }
    }
}
