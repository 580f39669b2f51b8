package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.FileSummary;
import io.hopsniff.capture.PacketSink;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads pcap and pcapng capture files in pure Java, telling the format by its magic number. */
public final class CaptureFiles {

    /** Large enough that reads are few and big; a record that does not fit makes the buffer grow. */
    static final int DEFAULT_BUFFER = 4 << 20;

    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int KUZNETZOV_MAGIC = 0xa1b2cd34;

    private CaptureFiles() {
    }

    /**
     * Delivers every record of the file to {@code sink}, in file order, on the calling thread.
     *
     * <p>Problems inside the file (a cut-off last record, an absurd length, a malformed block) reach the sink
     * as {@link io.hopsniff.capture.CaptureIssue}s and end or skip part of the reading; only a file that is
     * not a capture at all raises {@link CaptureFormatException}.
     */
    public static FileSummary read(Path path, PacketSink sink) throws IOException, CaptureFormatException {
        return read(path, sink, DEFAULT_BUFFER);
    }

    /** Same, with a given initial buffer size: tests use tiny ones to cross every refill boundary. */
    static FileSummary read(Path path, PacketSink sink, int bufferSize) throws IOException, CaptureFormatException {
        // A FIFO, a pipe or a character device (e.g. `tcpdump -w - | hopsniff analyze /dev/stdin`) is read as a
        // stream: to its end, never seeked. Opening a FIFO waits for its writer, as `tcpdump -r` does.
        boolean stream = !Files.isRegularFile(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (!stream) {
                if (!startsWithGzip(channel)) {
                    return read(path, channel, channel.size(), sink, bufferSize, true);
                }
                return readGzip(path, Channels.newInputStream(channel), sink, bufferSize);
            }
            // A stream cannot be rewound: its first two bytes are looked at through a buffer that gives them back.
            BufferedInputStream in = new BufferedInputStream(Channels.newInputStream(new Unseekable(channel)), 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if ((b0 << 8 | b1) == GZIP_MAGIC) {
                return readGzip(path, in, sink, bufferSize);
            }
            return read(path, Channels.newChannel(in), -1, sink, bufferSize);
        }
    }

    /**
     * A FileChannel on a pipe seen as a plain byte channel: {@link Channels#newInputStream} asks a seekable channel
     * for its position on every read, which a pipe does not have ("Illegal seek").
     */
    private record Unseekable(FileChannel channel) implements ReadableByteChannel {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static boolean startsWithGzip(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(2);
        while (head.hasRemaining() && channel.read(head) > 0) {
            // a regular file gives its first bytes at once, or ends
        }
        channel.position(0);
        return head.position() == 2 && (head.get(0) & 0xFF) == 0x1f && (head.get(1) & 0xFF) == 0x8b;
    }

    /**
     * A gzip-compressed capture (RFC 1952, several members allowed, as {@code gzip -c a b} writes), told by its magic
     * number, not its name: inflated as it is read, never whole in memory or on disk. A compressed stream cut short
     * ends the capture there, as a cut-off record would (the summary says how many compressed bytes came in).
     */
    private static FileSummary readGzip(Path path, InputStream compressed, PacketSink sink, int bufferSize)
            throws IOException, CaptureFormatException {
        try (InputStream in = new EndAtTruncation(new GZIPInputStream(compressed, 1 << 16))) {
            return read(path, Channels.newChannel(in), -1, sink, bufferSize);
        } catch (ZipException e) {
            throw new CaptureFormatException("gzip-compressed file that does not inflate: " + e.getMessage());
        } catch (EOFException e) {
            throw new CaptureFormatException("gzip-compressed file cut short before its first packet");
        }
    }

    /**
     * Makes a gzip stream cut short (EOFException) or damaged past its start (ZipException) end like a file does,
     * so the reader reports a truncated capture with the packets before the damage.
     */
    private static final class EndAtTruncation extends FilterInputStream {
        private long produced;

        EndAtTruncation(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                produced += Math.max(n, 0);
                return n;
            } catch (EOFException e) {
                if (produced == 0) {
                    throw e;
                }
                return -1;
            } catch (ZipException e) {
                if (produced == 0) {
                    throw e; // nothing came out: not a capture we can read at all
                }
                return -1;
            }
        }
    }

    /** Reads {@code channel}: a file of {@code size} bytes, or a stream when {@code size} is -1. */
    static FileSummary read(Path path, ReadableByteChannel channel, long size, PacketSink sink, int bufferSize)
            throws IOException, CaptureFormatException {
        return read(path, channel, size, sink, bufferSize, false);
    }

    /**
     * The same; {@code stored}: {@code path} is a regular file whose packets can be read again (a retransmission
     * compared with them instead of kept), so once it is known to be a capture the sink is given it and positions.
     */
    private static FileSummary read(Path path, ReadableByteChannel channel, long size, PacketSink sink, int bufferSize,
            boolean stored) throws IOException, CaptureFormatException {
        // A small file needs no more buffer than its size: zeroing 4 MiB per file adds up over a corpus.
        ChannelInput in = new ChannelInput(channel, size,
                size < 0 ? bufferSize : (int) Math.min(bufferSize, Math.max(size, 64)));
        Format kind = sniff(in);
        FilePackets again = stored ? FilePackets.open(path) : null;
        sink.storedIn(again);
        Delivery out = new Delivery(sink, again != null);
        String format = switch (kind) {
            case PCAP -> {
                new PcapReader(in, out).read();
                yield "pcap";
            }
            case PCAPNG -> {
                new PcapngReader(in, out).read();
                yield "pcapng";
            }
        };
        return out.summary(path, format, size < 0 ? in.bytesRead() : size);
    }

    private enum Format { PCAP, PCAPNG }

    private static Format sniff(ChannelInput in) throws IOException, CaptureFormatException {
        long size = in.available(4);
        if (size == 0) {
            throw new CaptureFormatException("empty file");
        }
        if (size < 4 || !in.request(4)) {
            throw new CaptureFormatException("too short for a capture file (" + size + " bytes)");
        }
        in.order(ByteOrder.BIG_ENDIAN);
        int magic = in.i32(0);
        if (PcapReader.isMagic(magic)) {
            return Format.PCAP;
        }
        if (magic == PcapngReader.SECTION_HEADER) {
            return Format.PCAPNG;
        }
        if (magic == KUZNETZOV_MAGIC || Integer.reverseBytes(magic) == KUZNETZOV_MAGIC) {
            throw new CaptureFormatException("unsupported pcap variant (Kuznetzov patched pcap, magic 0xa1b2cd34)");
        }
        if (magic >>> 16 == GZIP_MAGIC) {
            throw new CaptureFormatException("gzip-compressed twice (a .gz inside a .gz): decompress the outer one first");
        }
        throw new CaptureFormatException(String.format("not a pcap or pcapng file (starts with 0x%08x%s)", magic,
                printable(magic)));
    }

    /** Shows the first bytes as text when they are text, e.g. {@code "GET "}: it tells a log or request dump at a glance. */
    private static String printable(int magic) {
        StringBuilder text = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = magic >>> shift & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return "";
            }
            text.append((char) c);
        }
        return " \"" + text + "\"";
    }
}
