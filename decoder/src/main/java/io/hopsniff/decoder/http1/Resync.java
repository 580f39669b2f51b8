package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;

/**
 * Finds the next plausible start line after a gap, a bad message, or at a mid-stream start: complete lines are
 * tested against the request-line (or status-line) grammar and dropped until one fits. Lines longer than the
 * head limit (at most {@link #MAX_LINE}) are dropped to their LF. Every dropped byte is counted, and named:
 * HTTP_RESYNC_SKIPPED when a start line is found after skipping, HTTP_UNDECODABLE_AFTER_GAP when none ever is.
 */
final class Resync {

    private static final int MAX_LINE = 16 * 1024;

    private final LineBuffer line;
    private final boolean requests;
    private final Http1Connection conn;
    private final Direction direction;
    private final int cap;
    private boolean discarding;
    private long candidateTs;
    /** Bytes dropped since the last {@link #start}, for HTTP_UNDECODABLE_AFTER_GAP. */
    private long skipped;
    /** Bytes dropped in all. */
    private long total;
    private boolean found;
    private boolean foundBareLf;

    Resync(LineBuffer line, boolean requests, Http1Config cfg, Http1Connection conn, Direction direction) {
        this.line = line;
        this.requests = requests;
        this.conn = conn;
        this.direction = direction;
        this.cap = Math.min(cfg.maxHeaderBytes(), MAX_LINE);
    }

    void start(long ts) {
        line.clear();
        discarding = false;
        skipped = 0;
        candidateTs = ts;
    }

    /** The scan begins inside a line: drop up to its LF first. */
    void discardToLineEnd() {
        discarding = true;
    }

    void count(long n) {
        total += n;
        skipped += n;
    }

    long total() {
        return total;
    }

    /**
     * Scans from {@code i}; returns the index after the LF of a plausible start line (then {@link #found()} is
     * true and the line is in the buffer as a head's first line), or {@code lim}.
     */
    int scan(ByteBuffer b, int i, int lim, long ts) {
        found = false;
        while (i < lim) {
            byte c = b.get(i++);
            if (discarding) {
                count(1);
                discarding = c != '\n';
                continue;
            }
            if (line.length == 0) {
                candidateTs = ts;
            }
            if (line.length >= cap || !line.append(c)) {
                // too long for a start line, or no room in the run's budget to hold it: not one to resume at
                count(line.length + 1);
                line.clear();
                discarding = c != '\n';
                continue;
            }
            if (c == '\n') {
                int end = line.length > 1 && line.bytes[line.length - 2] == '\r' ? line.length - 2 : line.length - 1;
                boolean plausible = requests ? HttpTokens.isPlausibleRequestLine(line.bytes, end)
                        : HttpTokens.isPlausibleStatusLine(line.bytes, end);
                if (plausible) {
                    if (skipped > 0) {
                        conn.report(AnomalyType.HTTP_RESYNC_SKIPPED, ts, "direction=" + direction.shortName()
                                + ", skipped=" + skipped);
                    }
                    found = true;
                    foundBareLf = end == line.length - 1;
                    line.start = line.length;
                    return i;
                }
                count(line.length);
                line.clear();
            }
        }
        return i;
    }

    /**
     * The stream ended while still looking, {@code pending} bytes in hand: names what was skipped (once per
     * direction, unless {@code reported} already) and returns whether it did.
     */
    boolean reportNotFound(long ts, int pending, boolean reported) {
        if (skipped + pending == 0 || reported) {
            return false;
        }
        conn.report(AnomalyType.HTTP_UNDECODABLE_AFTER_GAP, ts, "direction=" + direction.shortName()
                + ", skipped=" + (skipped + pending));
        return true;
    }

    boolean found() {
        return found;
    }

    /** The found line ends in LF without CR. */
    boolean foundBareLf() {
        return foundBareLf;
    }

    /** When the found line's first byte arrived. */
    long candidateTs() {
        return candidateTs;
    }
}
