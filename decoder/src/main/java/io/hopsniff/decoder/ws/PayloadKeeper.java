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
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Keeps the first bytes of each message of one direction, unmasked and inflated (RFC 7692 §7.2.2: the
 * compressed payloads of a direction form one raw DEFLATE stream unless "no context takeover" was agreed,
 * each message ending with an empty stored block whose last 4 bytes 00 00 ff ff the sender removed).
 * Only built when payload capture is on. With context takeover every compressed byte must be inflated to keep
 * the window right, but output beyond the kept prefix goes to a reused scratch buffer and is dropped.
 *
 * <p>A compressed text message is UTF-8 only once inflated (RFC 7692 §6, RFC 6455 §8.1): the decoder cannot check
 * its wire bytes, so the inflated bytes are checked here, all of them, not only the kept prefix.
 */
final class PayloadKeeper {

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    /** Inflated bytes per message beyond which inflating stops for the direction (a deflate bomb costs CPU only). */
    private static final long MAX_INFLATED_PER_MESSAGE = 64L << 20;
    /**
     * Inflated bytes per direction in all, beyond which inflating stops for good: many messages each just under
     * the per-message bound would otherwise cost minutes of CPU. Later messages are kept cut (complete=false).
     */
    static final long MAX_INFLATED_TOTAL = 256L << 20;

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
    private final boolean noContextTakeover;
    private final List<KeptMessage> kept = new ArrayList<>();
    /**
     * Scratch for unmasking and inflating, used only within one call, so one pair serves every keeper of a decoding
     * thread: 16 KiB per WebSocket direction added up to 50 MB of heap with 1 600 sessions open (a 300 MB capture
     * with 50 000 connections and --ws-payload-bytes took 8 s instead of 3 in garbage collection).
     */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {
        new byte[8192], new byte[8192]});
    /**
     * What an inflater holds outside the heap (zlib's state and its 32 KiB window), charged to the run's budget
     * while it lives: without it, thousands of compressed sessions at once would grow the process by 40 KB each.
     */
    static final int INFLATER_BYTES = 48 * 1024;

    private Inflater inflater;
    /** The budget had no room for an inflater: compressed messages are kept without their bytes, and named. */
    private boolean inflaterRefused;
    private boolean inflateBroken;
    private long dropped;

    private boolean open;
    private int opcode;
    private long startNanos;
    private long wireBytes;
    private boolean compressed;
    private PrefixBuffer prefix;
    private boolean cut;
    private long inflated;
    private long inflatedTotal;
    private final long maxInflatedTotal;
    /** The inflated bytes of a compressed text message, checked as they come. */
    private final Utf8Check text = new Utf8Check();
    /** A byte of the message's inflated text that UTF-8 forbids was found. */
    private boolean notText;

    PayloadKeeper(int limit, boolean noContextTakeover, WsConfig config, KeptBytes budget) {
        this(limit, noContextTakeover, MAX_INFLATED_TOTAL, config.maxKeptMessages(), budget);
    }

    PayloadKeeper(int limit, boolean noContextTakeover, long maxInflatedTotal, int maxKeptMessages, KeptBytes budget) {
        this.limit = limit;
        this.noContextTakeover = noContextTakeover;
        this.maxInflatedTotal = maxInflatedTotal;
        this.maxKeptMessages = maxKeptMessages;
        this.budget = budget;
    }

    /** True once the direction's inflate budget is spent: nothing more is inflated. */
    boolean inflateBudgetSpent() {
        return inflatedTotal > maxInflatedTotal;
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
        this.cut = compressed && inflateBroken;
        this.inflated = 0;
        if (compressed && noContextTakeover && inflater != null) {
            inflater.reset();
        }
        text.start(compressed && opcode == Opcodes.TEXT && !inflateBroken);
        notText = false;
    }

    /** {@code n} payload bytes at absolute index {@code at} of {@code b}; {@code offset} is their place in the frame. */
    void payload(ByteBuffer b, int at, int n, byte[] mask, long offset) {
        if (!open) {
            return;
        }
        wireBytes += n;
        if (!compressed && prefix.length() >= limit) {
            cut = true; // nothing more to keep: the rest is skipped, not copied
            return;
        }
        if (compressed && inflateBroken) {
            return;
        }
        byte[] in = SCRATCH.get()[0];
        int done = 0;
        while (done < n) {
            int chunk = compressed ? Math.min(in.length, n - done) : Math.min(Math.min(in.length, n - done), limit - prefix.length());
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
            if (compressed) {
                inflate(in, chunk);
            } else {
                append(in, chunk);
            }
            done += chunk;
        }
    }

    /** A gap inside the message: what follows is not the message any more, and a shared window is lost. */
    void damaged() {
        if (open) {
            cut = true;
            text.abandon(); // what follows the gap is not the message's
            if (compressed) {
                inflateBroken = true;
            }
        }
    }

    /**
     * The message ended: it is kept (or counted). False when it was compressed text whose inflated bytes are not
     * UTF-8; true when they are, when it was not compressed text, or when not all of it could be inflated.
     */
    boolean end() {
        if (!open) {
            return true;
        }
        if (compressed && !inflateBroken) {
            byte[] in = SCRATCH.get()[0];
            System.arraycopy(TAIL, 0, in, 0, TAIL.length);
            inflate(in, TAIL.length);
        }
        boolean utf8 = !notText && (inflateBroken || text.end());
        text.abandon();
        open = false;
        keep();
        return utf8;
    }

    private void keep() {
        boolean starvedNow = prefix.starved() || compressed && inflaterRefused;
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
        kept.add(new KeptMessage(opcode, startNanos, wireBytes, compressed, p,
                !cut && !(compressed && inflateBroken) && !starvedNow));
    }

    /** Drops an open message (framing lost); nothing is kept for it. */
    void abandon() {
        open = false;
        text.abandon();
        if (prefix != null) {
            prefix.take();
            prefix = null;
        }
        if (compressed) {
            inflateBroken = true;
        }
    }

    List<KeptMessage> kept() {
        return List.copyOf(kept);
    }

    long dropped() {
        return dropped;
    }

    /**
     * The end of the session: names the limits hit, gives the kept messages' budget back (their bytes now belong to
     * the session's record) and frees the inflater.
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
        if (inflater != null) {
            inflater.end();
            inflater = null;
            budget.give(INFLATER_BYTES);
        }
    }

    private void inflate(byte[] src, int n) {
        if (inflater == null) {
            if (!budget.take(INFLATER_BYTES)) {
                inflaterRefused = true;
                inflateBroken = true; // the stream's shared window is lost with the bytes not inflated now
                cut = true;
                return;
            }
            inflater = new Inflater(true);
        }
        byte[] out = SCRATCH.get()[1];
        inflater.setInput(src, 0, n);
        try {
            while (true) {
                int got = inflater.inflate(out);
                if (got > 0) {
                    inflated += got;
                    inflatedTotal += got;
                    if (text.checking() && !text.feed(ByteBuffer.wrap(out, 0, got), 0, got, null, 0)) {
                        notText = true;
                    }
                    append(out, got);
                    if (inflated > MAX_INFLATED_PER_MESSAGE || inflatedTotal > maxInflatedTotal) {
                        inflateBroken = true;
                        cut = true;
                        return;
                    }
                    continue;
                }
                if (inflater.finished()) {
                    // a BFINAL block: the sender's stream ended; the next message starts a fresh one
                    inflater.reset();
                } else if (inflater.needsDictionary()) {
                    inflateBroken = true; // raw DEFLATE has no dictionary: not permessage-deflate data
                    cut = true;
                }
                return; // 0 bytes out: needs input, finished or stuck; never spin
            }
        } catch (DataFormatException e) {
            inflateBroken = true;
            cut = true;
        }
    }

    private void append(byte[] src, int n) {
        if (prefix.append(ByteBuffer.wrap(src, 0, n), 0, n, limit) < n) {
            cut = true;
        }
    }
}
