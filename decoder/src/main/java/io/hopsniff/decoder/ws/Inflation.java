package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * permessage-deflate for one direction of a session (RFC 7692 §7.2.2): the compressed payloads of a direction form
 * one raw DEFLATE stream unless "no context takeover" was agreed, each message ending with an empty stored block
 * whose last 4 bytes 00 00 ff ff the sender removed. Every compressed message is inflated, whatever is kept of it,
 * so that its text can be checked for UTF-8 and a stream that does not inflate is seen; the output goes to a
 * {@link Sink} a chunk at a time through a reused scratch buffer, never held whole.
 *
 * <p>A message is not inflated whole after a gap (the shared window is lost with the missing bytes), past a bound
 * (one message, one direction, the run's output or the run's inflaters' memory: named at {@link #close} as
 * WS_INFLATE_LIMIT), or when its data does not inflate ({@link #takeInvalid}: the receiver cannot read it either).
 * With context takeover nothing later on the direction is inflated after that, its window being gone; without it
 * the next message starts a fresh stream.
 */
final class Inflation {

    /** Where inflated bytes go: {@code n} bytes from index 0 of {@code b}, valid only during the call. */
    interface Sink {
        void inflated(ByteBuffer b, int n);
    }

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    /** Inflated bytes of one message beyond which inflating stops (a deflate bomb costs CPU only). */
    static final long MAX_PER_MESSAGE = 64L << 20;
    /** Inflated bytes of one direction in all: many messages each just under the bound above cost bounded CPU. */
    static final long MAX_PER_DIRECTION = 256L << 20;
    /** What an inflater holds outside the heap (zlib's state and its 32 KiB window), charged while it lives. */
    static final int INFLATER_BYTES = 48 * 1024;

    /**
     * Scratch for unmasking and inflating, used only within one call, so one serves every direction of a decoding
     * thread (16 KiB per WebSocket direction added up to 50 MB of heap with 1 600 sessions open).
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final boolean noContextTakeover;
    private final InflateBudget budget;
    private final long maxPerDirection;
    private Inflater inflater;
    /** The current message is being inflated, all of it so far. */
    private boolean inflating;
    /** The current message's tail (00 00 ff ff) went in with its last bytes. */
    private boolean tailIn;
    /** The direction's stream cannot be followed (with no context takeover, only until the next message). */
    private boolean lost;
    /** It was lost to a bound (counted), not to a gap or to bad data. */
    private boolean lostToBound;
    /** Data that does not inflate was found; taken once. */
    private boolean invalidFound;
    /**
     * The sender ended its stream with a BFINAL block while the context was to be kept: whether its next stream may
     * refer back into the old window is not settled (RFC 7692 §7.2.3.4 allows BFINAL for flushing), so a reference
     * this fresh inflater cannot resolve is not taken for the sender's error.
     */
    private boolean windowUncertain;
    private long messageBytes;
    private long directionBytes;
    /** Compressed messages a bound kept from being inflated whole, and the first bound hit. */
    private long notInflated;
    private String firstBound;

    Inflation(boolean noContextTakeover, InflateBudget budget) {
        this(noContextTakeover, budget, MAX_PER_DIRECTION);
    }

    Inflation(boolean noContextTakeover, InflateBudget budget, long maxPerDirection) {
        this.noContextTakeover = noContextTakeover;
        this.budget = budget;
        this.maxPerDirection = maxPerDirection;
    }

    /** A compressed message begins; false when it will not be inflated. */
    boolean start() {
        messageBytes = 0;
        inflating = false;
        tailIn = false;
        if (lost && noContextTakeover) {
            lost = false; // each message is a stream of its own (RFC 7692 §7.1.1)
        }
        if (lost) {
            notInflated += lostToBound ? 1 : 0;
            return false;
        }
        if (directionBytes > maxPerDirection) {
            return bound("direction_bytes=" + maxPerDirection);
        }
        if (budget.output().used() >= budget.output().limit()) {
            return bound(runBound());
        }
        if (inflater == null) {
            if (!budget.inflaters().take(INFLATER_BYTES)) {
                return bound("inflaters_bytes=" + budget.inflaters().limit() + " (all sessions together)");
            }
            inflater = new Inflater(true);
        } else if (noContextTakeover) {
            inflater.reset();
        }
        inflating = true;
        return true;
    }

    /**
     * {@code n} payload bytes at absolute index {@code at} of {@code b}; {@code offset} is their place in the frame;
     * {@code last}: they end the message, so the tail its sender removed goes in with them (one call into zlib less
     * per message: most messages are one frame in one segment).
     */
    void payload(ByteBuffer b, int at, int n, byte[] mask, long offset, boolean last, Sink sink) {
        Scratch s = SCRATCH.get();
        for (int done = 0; done < n && inflating; ) {
            int chunk = Math.min(Scratch.CHUNK, n - done);
            s.in.clear(); // absolute puts stop at the limit the last call into zlib left
            if (mask == null) {
                s.in.put(0, b, at + done, chunk);
            } else {
                b.get(at + done, s.masked, 0, chunk);
                long pos = offset + done;
                for (int i = 0; i < chunk; i++) {
                    s.masked[i] ^= mask[(int) ((pos + i) & 3)];
                }
                s.in.put(0, s.masked, 0, chunk);
            }
            done += chunk;
            int length = chunk;
            if (last && done == n) {
                s.in.put(chunk, TAIL);
                length += TAIL.length;
                tailIn = true;
            }
            inflate(s, length, sink);
        }
    }

    /** The message ended: inflates the tail its sender removed, if not yet; true when all of it was inflated. */
    boolean end(Sink sink) {
        if (inflating && !tailIn) {
            Scratch s = SCRATCH.get();
            s.in.clear().put(0, TAIL);
            inflate(s, TAIL.length, sink);
        }
        boolean whole = inflating;
        inflating = false;
        return whole;
    }

    /** Bytes the current (or last) message inflated to so far. */
    long messageBytes() {
        return messageBytes;
    }

    /** A gap in the message, or its framing lost: the rest of the stream cannot be followed. */
    void damaged() {
        inflating = false;
        lost = true;
        lostToBound = false;
    }

    /**
     * True once after data that does not inflate was found (the message was not inflated whole, and what zlib gave
     * out before the error depends on the segments); {@link #blamed} then says whether it is the sender's fault.
     */
    boolean takeInvalid() {
        boolean found = invalidFound;
        invalidFound = false;
        return found;
    }

    /**
     * The data that did not inflate is the sender's fault, not a window this inflater could not know (nothing is
     * inflated after it, so the window's doubt is as it was then).
     */
    boolean blamed() {
        return !windowUncertain;
    }

    /** The session ended: names the bounds hit and frees the inflater and its share of the run's memory. */
    void close(AnomalySink anomalies, Direction direction, long connectionId, long transactionId, long ts) {
        if (notInflated > 0) {
            anomalies.report(new Anomaly(AnomalyType.WS_INFLATE_LIMIT, ts, connectionId, transactionId,
                    "direction=" + direction.shortName() + ", messages_not_inflated=" + notInflated + ", "
                            + firstBound));
        }
        close();
    }

    void close() {
        damaged();
        if (inflater != null) {
            inflater.end();
            inflater = null;
            budget.inflaters().give(INFLATER_BYTES);
        }
    }

    private boolean bound(String which) {
        inflating = false;
        lost = true;
        lostToBound = true;
        notInflated++;
        firstBound = firstBound == null ? which : firstBound;
        return false;
    }

    private String runBound() {
        return "run_bytes=" + budget.output().limit() + " (all sessions together)";
    }

    private void inflate(Scratch s, int n, Sink sink) {
        inflater.setInput(s.in.limit(n).position(0));
        try {
            while (true) {
                int got = inflater.inflate(s.out.clear());
                if (got > 0) {
                    messageBytes += got;
                    directionBytes += got;
                    if (messageBytes > MAX_PER_MESSAGE) {
                        bound("message_bytes=" + MAX_PER_MESSAGE);
                        return;
                    }
                    if (directionBytes > maxPerDirection) {
                        bound("direction_bytes=" + maxPerDirection);
                        return;
                    }
                    if (!budget.output().take(got)) {
                        bound(runBound());
                        return;
                    }
                    sink.inflated(s.out, got);
                    continue;
                }
                if (inflater.finished()) {
                    // a BFINAL block (RFC 7692 §7.2.3.4): the sender's stream ended; the next message starts
                    // a fresh one
                    inflater.reset();
                    windowUncertain |= !noContextTakeover;
                } else if (inflater.needsDictionary()) {
                    invalid(); // raw DEFLATE has no dictionary: not permessage-deflate data
                }
                return; // 0 bytes out: needs input, finished or stuck; never spin
            }
        } catch (DataFormatException e) {
            invalid();
        }
    }

    private void invalid() {
        inflating = false;
        lost = true;
        lostToBound = false;
        invalidFound = true;
    }

    /**
     * Direct buffers: zlib reads and writes them in place, where arrays are pinned for each call (JNI critical
     * sections, which the parallel collector must wait out): a third of the time inflating took per message.
     */
    private static final class Scratch {
        static final int CHUNK = 8192;
        final ByteBuffer in = ByteBuffer.allocateDirect(CHUNK + TAIL.length);
        final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
        final byte[] masked = new byte[CHUNK];
    }
}
