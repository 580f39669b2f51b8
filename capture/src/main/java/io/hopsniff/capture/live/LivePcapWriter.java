package io.hopsniff.capture.live;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes what live capture sees to a classic pcap file (little-endian, nanosecond magic {@code 0xa1b23c4d},
 * version 2.4), readable by tcpdump, tshark and hopsniff's file reader. Deliberately minimal: one link type,
 * no pcapng, no rotation; the file reader's engineer owns the general writer.
 *
 * <p>Not thread-safe: the capture thread is the only writer. Buffered; flushed at most
 * {@value #FLUSH_INTERVAL_NANOS} ns of packet time apart, on {@link #flush()} and on {@link #close()}, so a
 * reader of a file that is still growing sees whole records up to the last flush.
 */
public final class LivePcapWriter implements AutoCloseable {
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;

    private final Path path;
    private final OutputStream out;
    private final int snaplen;
    private final byte[] header = new byte[16];
    private long lastFlushTs;
    private long packets;
    private boolean closed;

    private LivePcapWriter(Path path, OutputStream out, int snaplen) {
        this.path = path;
        this.out = out;
        this.snaplen = snaplen;
    }

    /** Creates or truncates {@code path} and writes the file header. */
    public static LivePcapWriter open(Path path, int linkType, int snaplen) throws IOException {
        // Raw packets carry cookies and tokens: owner-only, like the report (a new file is created 0600; an
        // existing one is truncated and narrowed to 0600 before anything is written).
        if (!Files.exists(path)) {
            try {
                Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(path);
            }
        } else if (Files.isRegularFile(path)) {
            try {
                Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: nothing to narrow.
            }
        }
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 20);
        LivePcapWriter w = new LivePcapWriter(path, os, snaplen);
        byte[] h = new byte[24];
        putInt(h, 0, MAGIC_NANOS);
        h[4] = 2; // version major, LE u16
        h[6] = 4; // version minor
        // thiszone and sigfigs stay 0
        putInt(h, 16, snaplen);
        putInt(h, 20, linkType);
        try {
            os.write(h);
            os.flush();
        } catch (IOException e) {
            os.close();
            throw e;
        }
        return w;
    }

    /** One record; {@code length} bytes of {@code data} from 0, cut to the snaplen if a caller overshoots. */
    public void write(long timestampNanos, byte[] data, int length, int originalLength) throws IOException {
        int caplen = Math.min(length, snaplen);
        long sec = Math.floorDiv(timestampNanos, 1_000_000_000L);
        int nsec = (int) Math.floorMod(timestampNanos, 1_000_000_000L);
        putInt(header, 0, (int) sec);
        putInt(header, 4, nsec);
        putInt(header, 8, caplen);
        putInt(header, 12, Math.max(originalLength, caplen));
        out.write(header);
        out.write(data, 0, caplen);
        packets++;
        if (timestampNanos - lastFlushTs >= FLUSH_INTERVAL_NANOS || timestampNanos < lastFlushTs) {
            out.flush();
            lastFlushTs = timestampNanos;
        }
    }

    public void flush() throws IOException {
        if (!closed) {
            out.flush();
        }
    }

    public long packets() {
        return packets;
    }

    public Path path() {
        return path;
    }

    /** Flushes and closes; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            out.flush();
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
