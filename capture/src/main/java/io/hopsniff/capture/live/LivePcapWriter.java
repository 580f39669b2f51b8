package io.hopsniff.capture.live;

import io.hopsniff.capture.file.OwnerOnlyFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Writes what live capture sees to a classic pcap file (little-endian, nanosecond magic {@code 0xa1b23c4d},
 * version 2.4), readable by tcpdump, tshark and hopsniff's file reader. Deliberately minimal: one link type,
 * no pcapng, one file ({@link RotatingPcapWriter} makes a series of these); the file reader's engineer owns the
 * general writer.
 *
 * <p>Not thread-safe: the capture thread is the only writer. Buffered in whole records: a record that does
 * not fit goes out after the buffer, never split across two writes, so a file cut by a kill (even SIGKILL)
 * ends at a record's end. Flushed at most {@value #FLUSH_INTERVAL_NANOS} ns of packet time apart, on
 * {@link #flush()} and on {@link #close()}.
 */
public final class LivePcapWriter implements PcapSink {
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;
    private static final int BUFFER = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    /** The file's length after the last whole write: where a failed write is cut back to. */
    private long committed;
    private final int snaplen;
    private final byte[] header = new byte[16];
    private final byte[] buffer = new byte[BUFFER];
    private int buffered;
    private long lastFlushTs;
    private long packets;
    private boolean closed;

    private LivePcapWriter(Path path, FileChannel channel, int snaplen) {
        this.path = path;
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
        this.snaplen = snaplen;
    }

    /**
     * Creates {@code path} owner-only (an existing regular file of this user is replaced; a link, a FIFO, a
     * device or another user's file is refused, see {@link OwnerOnlyFiles}) and writes the file header.
     */
    public static LivePcapWriter open(Path path, int linkType, int snaplen) throws IOException {
        // Raw packets carry cookies and tokens: owner-only from the first byte, never through a link.
        FileChannel channel = OwnerOnlyFiles.create(path);
        LivePcapWriter w = new LivePcapWriter(path, channel, snaplen);
        byte[] h = new byte[24];
        putInt(h, 0, MAGIC_NANOS);
        h[4] = 2; // version major, LE u16
        h[6] = 4; // version minor
        // thiszone and sigfigs stay 0
        putInt(h, 16, snaplen);
        putInt(h, 20, linkType);
        try {
            w.append(h, 0, h.length);
            w.flush();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return w;
    }

    /** One record; {@code length} bytes of {@code data} from 0, cut to the snaplen if a caller overshoots. */
    @Override
    public void write(long timestampNanos, byte[] data, int length, int originalLength) throws IOException {
        int caplen = Math.min(length, snaplen);
        long sec = Math.floorDiv(timestampNanos, 1_000_000_000L);
        int nsec = (int) Math.floorMod(timestampNanos, 1_000_000_000L);
        putInt(header, 0, (int) sec);
        putInt(header, 4, nsec);
        putInt(header, 8, caplen);
        putInt(header, 12, Math.max(originalLength, caplen));
        if (buffered + header.length + caplen > buffer.length) {
            flush();
        }
        if (header.length + caplen > buffer.length) {
            byte[] record = new byte[header.length + caplen]; // larger than the buffer: one write of its own
            System.arraycopy(header, 0, record, 0, header.length);
            System.arraycopy(data, 0, record, header.length, caplen);
            writeWhole(record, record.length);
        } else {
            append(header, 0, header.length);
            append(data, 0, caplen);
        }
        packets++;
        if (timestampNanos - lastFlushTs >= FLUSH_INTERVAL_NANOS || timestampNanos < lastFlushTs) {
            flush();
            lastFlushTs = timestampNanos;
        }
    }

    private void append(byte[] b, int from, int n) {
        System.arraycopy(b, from, buffer, buffered, n);
        buffered += n;
    }

    /** Writes the buffered whole records in one write. */
    public void flush() throws IOException {
        if (!closed && buffered > 0) {
            int n = buffered;
            buffered = 0; // a failed write loses these records, never leaves half of one to be written later
            writeWhole(buffer, n);
        }
    }

    /** Whole records or nothing: a write the file system cut short (it is full) is cut back to the last record. */
    private void writeWhole(byte[] bytes, int n) throws IOException {
        try {
            out.write(bytes, 0, n);
            committed += n;
        } catch (IOException e) {
            try {
                channel.truncate(committed);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /**
     * Flushes what waits in the buffer when the last flush is {@value #FLUSH_INTERVAL_NANOS} ns of {@code nowNanos}
     * (wall clock) ago: records of a burst followed by silence reach the file although no packet comes to do it.
     */
    void flushIfDue(long nowNanos) throws IOException {
        if (buffered > 0 && nowNanos - lastFlushTs >= FLUSH_INTERVAL_NANOS) {
            flush();
            lastFlushTs = nowNanos;
        }
    }

    /** The file's size once the buffer is out: header and every record written so far. */
    public long bytes() {
        return committed + buffered;
    }

    @Override
    public long packets() {
        return packets;
    }

    @Override
    public Path path() {
        return path;
    }

    /** Flushes and closes; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try (out) {
            flush();
        } finally {
            closed = true;
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
