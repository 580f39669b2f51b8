package io.hopsniff.capture.file;

import io.hopsniff.capture.PacketSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes classic little-endian pcap, nanosecond magic unless told otherwise: for exporting what hopsniff
 * saw, and for tests that synthesise captures. As a {@link PacketSink} it can record a reader's output.
 *
 * <p>Not thread-safe. {@link #packet} reports I/O failures as {@link UncheckedIOException} because the sink
 * interface cannot declare them.
 */
public final class PcapWriter implements PacketSink, AutoCloseable {

    /** Timestamp resolution of the written file. */
    public enum Precision { MICRO, NANO }

    public static final int DEFAULT_SNAPLEN = 262_144;

    private static final int BUFFER = 1 << 20;

    private final WritableByteChannel out;
    private final int linkType;
    private final int snaplen;
    private final Precision precision;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;

    /** Writes to {@code out}, which the writer closes; the file header is written at once. */
    public PcapWriter(WritableByteChannel out, int linkType, int snaplen, Precision precision) throws IOException {
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
        }
        this.out = out;
        this.linkType = linkType;
        this.snaplen = snaplen;
        this.precision = precision;
        buffer.putInt(precision == Precision.NANO ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS)
                .putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0)
                .putInt(snaplen).putInt(linkType);
    }

    /** Creates (or replaces) a nanosecond pcap file with the default snaplen. */
    public static PcapWriter create(Path path, int linkType) throws IOException {
        return create(path, linkType, DEFAULT_SNAPLEN, Precision.NANO);
    }

    public static PcapWriter create(Path path, int linkType, int snaplen, Precision precision) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new PcapWriter(channel, linkType, snaplen, precision);
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends a whole frame as captured: original length = captured length (unless cut by the snaplen). */
    public void packet(long timestampNanos, byte[] frame) {
        packet(timestampNanos, linkType, ByteBuffer.wrap(frame), frame.length);
    }

    /**
     * Appends a record of {@code data}'s remaining bytes, cut to the snaplen; {@code data}'s position is not moved.
     *
     * @throws IllegalArgumentException for another link type than the file's (classic pcap has one per file),
     *                                  or a timestamp outside pcap's unsigned 32-bit seconds
     */
    @Override
    public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (linkType != this.linkType) {
            throw new IllegalArgumentException("link type " + linkType + " in a file of link type " + this.linkType);
        }
        long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
        long nanos = Math.floorMod(timestampNanos, 1_000_000_000L);
        if (seconds < 0 || seconds > 0xffff_ffffL) {
            throw new IllegalArgumentException("timestamp " + timestampNanos + " ns is outside pcap's 1970..2106");
        }
        int caplen = Math.min(data.remaining(), snaplen);
        try {
            if (buffer.remaining() < PcapReader.RECORD_HEADER) {
                drain();
            }
            buffer.putInt((int) seconds)
                    .putInt((int) (precision == Precision.NANO ? nanos : nanos / 1_000))
                    .putInt(caplen)
                    .putInt(Math.max(originalLength, caplen));
            if (caplen <= buffer.remaining()) {
                buffer.put(buffer.position(), data, data.position(), caplen);
                buffer.position(buffer.position() + caplen);
            } else {
                drain();
                ByteBuffer body = data.duplicate();
                body.limit(body.position() + caplen);
                while (body.hasRemaining()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what is buffered to the channel. */
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
