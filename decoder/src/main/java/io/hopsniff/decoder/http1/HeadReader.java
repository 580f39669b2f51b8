package io.hopsniff.decoder.http1;

import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * Reads one message head line by line into the line buffer, up to its empty line (RFC 9112 §2.1), within the
 * head limit. The first bytes are checked as they come (a method token and SP, or "HTTP/"), so that binary or
 * TLS is named at once instead of filling the buffer. {@link #outcome()} says how the last feed ended.
 */
final class HeadReader {

    /** {@code NO_ROOM}: the head is within its limit, but the run's budget for held bytes is spent. */
    enum Outcome { MORE, COMPLETE, NOT_HTTP, TOO_LARGE, NO_ROOM }

    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    private final LineBuffer line;
    private final boolean requests;
    private final int max;
    private final LongConsumer bareLf;
    /** Bytes of the start line checked for an HTTP shape; -1 once the check passed (or is not wanted). */
    private int sniffed;
    private Outcome outcome = Outcome.MORE;

    HeadReader(LineBuffer line, boolean requests, Http1Config cfg, LongConsumer bareLf) {
        this.line = line;
        this.requests = requests;
        this.max = cfg.maxHeaderBytes();
        this.bareLf = bareLf;
    }

    /** A new head; {@code checkShape} is false when its start line was already found plausible (a resync). */
    void start(boolean checkShape) {
        sniffed = checkShape ? 0 : -1;
    }

    Outcome outcome() {
        return outcome;
    }

    int feed(ByteBuffer b, int i, int lim, long ts) {
        outcome = Outcome.MORE;
        while (i < lim) {
            if (line.length >= max) {
                outcome = Outcome.TOO_LARGE;
                return i;
            }
            int room = line.bytes.length - line.length;
            if (room == 0) {
                // The buffer must grow first: one byte through append, which asks the run's budget.
                if (!line.append(b.get(i))) {
                    outcome = Outcome.NO_ROOM;
                    return i;
                }
                i++;
                if (!accepted(ts)) {
                    return i;
                }
                continue;
            }
            // What fits without growing is copied in one block and then read from the array: a byte at a time from
            // the capture's direct buffer was a call each (C1, the launcher's JIT, does not inline its access), and
            // most of this function's time. Bytes copied past a head's end lie beyond line.length: never read.
            int n = Math.min(lim - i, Math.min(room, max - line.length));
            b.get(i, line.bytes, line.length, n);
            int end = line.length + n;
            while (line.length < end) {
                if (sniffed >= 0) {
                    // the start line's first bytes are checked one at a time
                    line.length++;
                    i++;
                    if (!accepted(ts)) {
                        return i;
                    }
                    continue;
                }
                // then only line ends matter: found by a plain loop over the array, not a call per byte
                int from = line.length;
                int lf = HeadParser.indexOfLf(line.bytes, from, end);
                if (lf < 0) {
                    i += end - from;
                    line.length = end;
                    break;
                }
                i += lf + 1 - from;
                line.length = lf + 1;
                if (!lineEnded(ts)) {
                    return i;
                }
            }
        }
        return i;
    }

    /**
     * Takes in the byte just appended (the last of the line buffer): false when it ended the head (COMPLETE) or
     * showed the start line is not HTTP (NOT_HTTP), with the outcome set.
     */
    private boolean accepted(long ts) {
        byte c = line.bytes[line.length - 1];
        if (sniffed >= 0 && !sniff(c)) {
            outcome = Outcome.NOT_HTTP;
            return false;
        }
        return c != '\n' || lineEnded(ts);
    }

    /** The line buffer's last byte is an LF: false when it ended the head (COMPLETE, with the outcome set). */
    private boolean lineEnded(long ts) {
        if (line.bareLf()) {
            bareLf.accept(ts);
        }
        if (line.contentEnd() == line.start) {
            outcome = Outcome.COMPLETE;
            return false;
        }
        line.start = line.length;
        return true;
    }

    private boolean sniff(byte c) {
        int k = sniffed;
        if (requests) {
            if (c == ' ') {
                sniffed = -1;
                return k > 0;
            }
            if (c == '\r' || c == '\n') {
                sniffed = -1; // a start line without SP: let the start-line parser name it
                return true;
            }
            if (k >= HttpTokens.MAX_METHOD_LENGTH || !HttpTokens.isTchar(c)) {
                return false;
            }
            sniffed = k + 1;
            return true;
        }
        if (c != HTTP_SLASH[k]) {
            return false;
        }
        sniffed = k + 1 == HTTP_SLASH.length ? -1 : k + 1;
        return true;
    }
}
