package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.PrefixBuffer;
import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the first bytes of each message of one direction, unmasked and, when compressed, inflated: an uncompressed
 * message's payload comes through {@link #payload}, a compressed one's inflated bytes through {@link #inflated} (the
 * direction's {@link Inflation} inflates every compressed message whatever is kept). Only built when payload
 * capture is on.
 */
final class PayloadKeeper {

    private final int limit;
    private final int maxKeptMessages;
    private final KeptBytes budget;
    /** Budget held by the kept messages, given back when the session ends. */
    private long keptCharge;
    private long starved;
    /**
     * What listing a message costs the budget beside its bytes (its record). With no room even for that, the
     * message is counted, not listed: 1 000 records a direction, kept without bytes, over thousands of sessions of
     * tiny messages would otherwise be millions of records outside the budget.
     */
    static final int MESSAGE_COST = 64;
    /** Messages the budget had no room to list at all. */
    private long unlisted;
    private final List<KeptMessage> kept = new ArrayList<>();
    /** Scratch for unmasking, used only within one call, so one serves every keeper of a decoding thread. */
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.wrap(new byte[8192]));
    private long dropped;

    private boolean open;
    private int opcode;
    private long startNanos;
    private long wireBytes;
    private boolean compressed;
    private PrefixBuffer prefix;
    private boolean cut;

    PayloadKeeper(int limit, WsConfig config, KeptBytes budget) {
        this(limit, config.maxKeptMessages(), budget);
    }

    PayloadKeeper(int limit, int maxKeptMessages, KeptBytes budget) {
        this.limit = limit;
        this.maxKeptMessages = maxKeptMessages;
        this.budget = budget;
    }

    void start(int opcode, long ts, boolean compressed) {
        this.open = true;
        this.opcode = opcode;
        this.startNanos = ts;
        this.wireBytes = 0;
        this.compressed = compressed;
        if (prefix != null) {
            prefix.take(); // a message that never ended: its budget goes back before the next one takes any
        }
        this.prefix = new PrefixBuffer(budget);
        this.cut = false;
    }

    /**
     * {@code n} payload bytes at absolute index {@code at} of {@code b}; {@code offset} is their place in the frame.
     * Of a compressed message only counted: its bytes come inflated through {@link #inflated}.
     */
    void payload(ByteBuffer b, int at, int n, byte[] mask, long offset) {
        if (!open) {
            return;
        }
        wireBytes += n;
        if (compressed) {
            return;
        }
        if (prefix.length() >= limit) {
            cut = true; // nothing more to keep: the rest is skipped, not copied
            return;
        }
        ByteBuffer scratch = SCRATCH.get();
        byte[] in = scratch.array();
        int done = 0;
        while (done < n) {
            int chunk = Math.min(Math.min(in.length, n - done), limit - prefix.length());
            if (chunk <= 0) {
                cut = true;
                return;
            }
            b.get(at + done, in, 0, chunk);
            if (mask != null) {
                long pos = offset + done;
                for (int i = 0; i < chunk; i++) {
                    in[i] ^= mask[(int) ((pos + i) & 3)];
                }
            }
            append(scratch, chunk);
            done += chunk;
        }
    }

    /** {@code n} inflated bytes of the open compressed message, from index 0 of {@code b}. */
    void inflated(ByteBuffer b, int n) {
        if (open && compressed) {
            append(b, n);
        }
    }

    /**
     * The open compressed message does not inflate: it is kept without bytes. What zlib gave out before it found
     * the error depends on how the bytes came in segments (its output of the failing call is lost), and a
     * report must not depend on that.
     */
    void invalid() {
        if (open) {
            prefix.take();
            prefix = new PrefixBuffer(budget);
            cut = true;
        }
    }

    /** A gap inside the message: what follows is not the message any more. */
    void damaged() {
        if (open) {
            cut = true;
        }
    }

    /**
     * The message ended: it is kept (or counted). {@code whole}: all of its bytes came (a compressed message's were
     * all inflated).
     */
    void end(boolean whole) {
        if (!open) {
            return;
        }
        open = false;
        cut |= !whole;
        keep();
    }

    private void keep() {
        boolean starvedNow = prefix.starved();
        byte[] p = prefix.take();
        prefix = null;
        if (kept.size() >= maxKeptMessages) {
            dropped++;
            return;
        }
        if (!budget.take(p.length + MESSAGE_COST)) {
            // Kept until the session ends: the run's budget is spent, so the message is listed without its bytes.
            p = new byte[0];
            starvedNow = true;
            if (!budget.take(MESSAGE_COST)) {
                unlisted++;
                return;
            }
        }
        if (starvedNow) {
            starved++;
        }
        keptCharge += p.length + MESSAGE_COST;
        kept.add(new KeptMessage(opcode, startNanos, wireBytes, compressed, p, !cut && !starvedNow));
    }

    /** Drops an open message (framing lost); nothing is kept for it. */
    void abandon() {
        open = false;
        if (prefix != null) {
            prefix.take();
            prefix = null;
        }
    }

    List<KeptMessage> kept() {
        return List.copyOf(kept);
    }

    long dropped() {
        return dropped;
    }

    /**
     * The end of the session: names the limits hit and gives the kept messages' budget back (their bytes now belong
     * to the session's record).
     */
    void close(AnomalySink anomalies, Direction direction, long connectionId, long transactionId, long ts) {
        if (dropped > 0) {
            anomalies.report(new Anomaly(AnomalyType.WS_KEPT_MESSAGES_LIMIT, ts, connectionId, transactionId,
                    "direction=" + direction.shortName() + ", not_kept=" + dropped + ", limit=" + maxKeptMessages));
        }
        if (starved > 0 || unlisted > 0) {
            anomalies.report(new Anomaly(AnomalyType.WS_KEPT_BYTES_LIMIT, ts, connectionId, transactionId,
                    "direction=" + direction.shortName() + ", messages_cut=" + starved
                            + (unlisted > 0 ? ", messages_not_listed=" + unlisted : "") + ", limit=" + budget.limit()));
        }
        close();
    }

    void close() {
        abandon();
        budget.give(keptCharge);
        keptCharge = 0;
    }

    private void append(ByteBuffer src, int n) {
        if (prefix.append(src, 0, n, limit) < n) {
            cut = true;
        }
    }
}
