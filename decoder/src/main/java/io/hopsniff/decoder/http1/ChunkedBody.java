package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.anomaly.Details;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * The chunked transfer coding of one message (RFC 9112 §7.1): chunk-size lines (extensions accepted, not kept),
 * chunk data, the CRLF after it, and the trailer section. A sub-machine of {@link Http1Parser}: it reads what it
 * can and says, through {@link #outcome()}, when the body ended, broke, or its trailers outgrew the head limit.
 */
final class ChunkedBody {

    static final int MAX_CHUNK_LINE = 4096;

    enum Outcome { MORE, DONE, BAD, TRAILERS_TOO_LARGE }

    private enum Step { SIZE, DATA, END, TRAILERS }

    private final LineBuffer line;
    private final Http1Config cfg;
    private final LongConsumer bareLf;
    private Step step = Step.SIZE;
    private long remaining;
    private boolean cr;
    private Outcome outcome = Outcome.MORE;
    private String problem;

    /** {@code line} is the parser's line buffer; {@code bareLf} notes a line ended by LF alone. */
    ChunkedBody(LineBuffer line, Http1Config cfg, LongConsumer bareLf) {
        this.line = line;
        this.cfg = cfg;
        this.bareLf = bareLf;
    }

    void start() {
        line.clear();
        step = Step.SIZE;
        outcome = Outcome.MORE;
    }

    /** What the last {@link #feed} ended with; {@link Outcome#MORE} while the body goes on. */
    Outcome outcome() {
        return outcome;
    }

    /** Why the coding broke, for {@link Outcome#BAD}. */
    String problem() {
        return problem;
    }

    boolean inData() {
        return step == Step.DATA;
    }

    /** Data bytes still expected in the current chunk. */
    long remaining() {
        return remaining;
    }

    /** The state's name in anomaly details: chunk-size, chunk-data, chunk-end or trailers. */
    String stepName() {
        return switch (step) {
            case SIZE -> "chunk-size";
            case DATA -> "chunk-data";
            case END -> "chunk-end";
            case TRAILERS -> "trailers";
        };
    }

    /** Reads from {@code i} until the body ends or breaks, or {@code lim}; returns the index reached. */
    int feed(ByteBuffer b, int i, int lim, long ts, MessageBuilder msg) {
        while (i < lim && outcome == Outcome.MORE) {
            i = switch (step) {
                case SIZE -> size(b, i, lim, ts);
                case DATA -> data(b, i, lim, msg);
                case END -> end(b, i, ts);
                case TRAILERS -> trailers(b, i, lim, ts, msg);
            };
        }
        return i;
    }

    /**
     * A gap of {@code length} inside chunk data ({@link #inData()}): the missing bytes count as body; returns how
     * far the gap reaches past the chunk's end (0 when the chunk is still in sync).
     */
    long skipData(long length, MessageBuilder msg) {
        long inBody = Math.min(length, remaining);
        msg.bodyGap(inBody);
        remaining -= inBody;
        if (remaining == 0 && length == inBody) {
            cr = false;
            step = Step.END;
        }
        return length - inBody;
    }

    private int size(ByteBuffer b, int i, int lim, long ts) {
        while (i < lim) {
            if (line.length >= MAX_CHUNK_LINE) {
                return bad("expected=chunk-size line, found=more than " + MAX_CHUNK_LINE + " bytes without LF", i);
            }
            byte c = b.get(i);
            if (!line.append(c)) {
                return bad("expected=chunk-size line, found=" + line.length + " bytes without LF and no room for more ("
                        + line.noRoom() + ")", i);
            }
            i++;
            if (c == '\n') {
                if (line.bareLf()) {
                    bareLf.accept(ts);
                }
                sizeLine(line.contentEnd());
                return i;
            }
        }
        return i;
    }

    /** {@code chunk-size [ chunk-ext ] CRLF}. */
    private void sizeLine(int end) {
        int p = 0;
        long size = 0;
        while (p < end && HttpTokens.hexValue(line.bytes[p]) >= 0) {
            if (p == 15) {
                bad("expected=chunk-size below 2^60, found=" + Details.printable(line.bytes, 0, end), 0);
                return;
            }
            size = size * 16 + HttpTokens.hexValue(line.bytes[p++]);
        }
        int digits = p;
        while (p < end && HttpTokens.isOws(line.bytes[p])) {
            p++;
        }
        if (digits == 0 || (p < end && line.bytes[p] != ';')) {
            bad("expected=HEXDIG chunk-size, found=" + Details.printable(line.bytes, 0, end), 0);
            return;
        }
        line.length = 0;
        if (size == 0) {
            line.start = 0;
            step = Step.TRAILERS;
        } else {
            remaining = size;
            step = Step.DATA;
        }
    }

    private int data(ByteBuffer b, int i, int lim, MessageBuilder msg) {
        int n = (int) Math.min(remaining, lim - i);
        msg.body(b, i, n, cfg.bodyPrefixBytes());
        remaining -= n;
        if (remaining == 0) {
            cr = false;
            step = Step.END;
        }
        return i + n;
    }

    private int end(ByteBuffer b, int i, long ts) {
        byte c = b.get(i);
        if (c == '\r' && !cr) {
            cr = true;
            return i + 1;
        }
        if (c == '\n') {
            if (!cr) {
                bareLf.accept(ts);
            }
            line.clear();
            step = Step.SIZE;
            return i + 1;
        }
        return bad("expected=CRLF after chunk data, found=" + Details.hexByte(c), i); // the resync starts on it
    }

    private int trailers(ByteBuffer b, int i, int lim, long ts, MessageBuilder msg) {
        int max = cfg.maxHeaderBytes();
        while (i < lim) {
            if (line.length >= max) {
                outcome = Outcome.TRAILERS_TOO_LARGE;
                return i;
            }
            byte c = b.get(i);
            if (!line.append(c)) {
                outcome = Outcome.TRAILERS_TOO_LARGE;
                return i;
            }
            i++;
            if (c == '\n') {
                if (line.bareLf()) {
                    bareLf.accept(ts);
                }
                if (line.contentEnd() == line.start) {
                    msg.trailers = HeadParser.fields(line.bytes, 0, line.length, msg, ts);
                    line.length = 0;
                    outcome = Outcome.DONE;
                    return i;
                }
                line.start = line.length;
            }
        }
        return i;
    }

    private int bad(String detail, int i) {
        problem = detail;
        outcome = Outcome.BAD;
        return i;
    }
}
