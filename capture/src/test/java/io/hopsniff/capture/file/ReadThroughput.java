package io.hopsniff.capture.file;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.FileSummary;
import io.hopsniff.capture.PacketSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Measures how fast {@link CaptureFiles#read} gets through a file, with a sink that only touches each packet's
 * first and last byte. Usage: {@code ReadThroughput FILE [RUNS]}; the first runs warm up the JIT.
 */
public final class ReadThroughput {

    private ReadThroughput() {
    }

    public static void main(String[] args) throws IOException, CaptureFormatException {
        if (args.length < 1) {
            System.err.println("usage: ReadThroughput FILE [RUNS]");
            System.exit(2);
        }
        Path path = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        for (int run = 1; run <= runs; run++) {
            Touch sink = new Touch();
            long start = System.nanoTime();
            FileSummary summary = CaptureFiles.read(path, sink);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("run %d: %s, %d bytes, %d packets in %.3f s: %.0f MB/s, %.2f Mpackets/s (checksum %d)%n",
                    run, summary.format(), summary.fileBytes(), summary.packets(), seconds,
                    summary.fileBytes() / seconds / 1e6, summary.packets() / seconds / 1e6, sink.checksum);
        }
    }

    /** Reads a byte or two so the JIT cannot drop the work, as a real decoder would look at the link header. */
    private static final class Touch implements PacketSink {
        long checksum;

        @Override
        public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
            if (data.hasRemaining()) {
                checksum += data.get(data.position()) + data.get(data.limit() - 1);
            }
            checksum += timestampNanos;
        }
    }
}
