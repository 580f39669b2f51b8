package io.hopsniff.cli;

import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.StoredPackets;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * {@code analyze}'s progress on stderr: bytes read of the total, packets per second, ETA; redrawn at most four
 * times a second and cleared at the end. Only on a terminal: Java cannot ask whether stderr is a tty, so
 * {@code System.console() != null} (stdin and stdout interactive) stands for it, and {@code HOPSNIFF_PROGRESS=1}
 * or {@code =0} overrides (tests, or {@code 2>log} from a terminal). The reader has no progress callback, so
 * bytes are counted as they pass through: captured bytes plus a 16-byte record header per packet, which is exact
 * for classic pcap and close for pcapng (its blocks carry 28+ bytes of framing and options).
 */
final class ProgressBar {

    static final String ENV = "HOPSNIFF_PROGRESS";
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int RECORD_HEADER = 16;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final long total;
    private long bytes;
    private long packets;
    private final long started = System.nanoTime();
    private long lastDraw = Long.MIN_VALUE;
    private int drawnWidth;

    private ProgressBar(PrintWriter err, long total) {
        this.err = err;
        this.total = Math.max(1, total);
    }

    /** A bar for {@code totalBytes}, or null when it should not show. */
    static ProgressBar startIfTerminal(PrintWriter err, long totalBytes, boolean quiet, Map<String, String> env,
                                       boolean console) {
        return enabled(env.get(ENV), console, quiet) ? new ProgressBar(err, totalBytes) : null;
    }

    static boolean enabled(String override, boolean console, boolean quiet) {
        if ("0".equals(override)) {
            return false;
        }
        if ("1".equals(override)) {
            return true;
        }
        return console && !quiet;
    }

    /** Counts what passes to {@code next}; forwards everything. */
    PacketSink counting(PacketSink next) {
        return new PacketSink() {
            @Override
            public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
                int size = data.remaining();
                next.packet(timestampNanos, linkType, data, originalLength);
                counted(size);
            }

            @Override
            public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength, long position) {
                int size = data.remaining();
                next.packet(timestampNanos, linkType, data, originalLength, position);
                counted(size);
            }

            @Override
            public void storedIn(StoredPackets stored) {
                next.storedIn(stored);
            }

            @Override
            public void issue(CaptureIssue issue) {
                next.issue(issue);
            }
        };
    }

    /** One more packet of {@code size} captured bytes was read: the bar moves at most every 64 packets. */
    private void counted(int size) {
        bytes += size + RECORD_HEADER;
        packets++;
        if ((packets & 63) == 1) {
            tick();
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double fraction = Math.min(1, (double) bytes / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = bytes / seconds;
        String eta = fraction >= 1 || rate <= 0 ? "0s" : duration((total - bytes) / rate);
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%% %s / %s  %s pkt/s  ETA %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), fraction * 100, size(bytes), size(total), count(packets / seconds), eta);
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
    }

    /** Erases the bar, leaving the cursor at the start of an empty line. */
    void clear() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    private static String size(long b) {
        return b < 1 << 20 ? String.format(Locale.ROOT, "%.0f KiB", b / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
    }

    private static String count(double n) {
        return n < 10_000 ? String.format(Locale.ROOT, "%.0f", n) : String.format(Locale.ROOT, "%.0fk", n / 1000);
    }

    private static String duration(double s) {
        return s < 60 ? String.format(Locale.ROOT, "%.0fs", Math.ceil(s))
                : String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }
}
