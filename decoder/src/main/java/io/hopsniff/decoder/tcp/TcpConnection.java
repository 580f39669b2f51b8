package io.hopsniff.decoder.tcp;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import java.nio.ByteBuffer;

/**
 * One TCP connection as the capture shows it: roles, counters per direction, Zeek-style history, and the consumer
 * its in-order bytes go to.
 *
 * <p>History letters (Zeek conn.log {@code history}), upper case when sent by the client (originator), lower case
 * when sent by the server, each recorded once per side:
 * <ul>
 *   <li>{@code S} SYN without ACK, {@code H} SYN+ACK, {@code A} a pure ACK (no payload, no SYN/FIN/RST),
 *       {@code D} payload, {@code F} FIN, {@code R} RST;</li>
 *   <li>{@code T} a retransmission (payload all seen before), {@code G} a gap declared in that side's stream;</li>
 *   <li>{@code ^} the roles were swapped by {@link #swapRoles()}: the letters before it were re-cased to the new
 *       roles.</li>
 * </ul>
 * A normal exchange reads {@code ShADadFf}.
 */
public final class TcpConnection {
    private static final String LETTERS = "SHADFRTG";

    final TcpTracker tracker;
    final ConnectionKey key;
    private final long id;
    /** Endpoint of each side of the key: 0 = key endpoint A, 1 = key endpoint B. */
    private final Endpoint[] endpoints;
    final HalfStream[] sides = new HalfStream[2];
    private int clientSide;
    private boolean rolesFromSyn;
    /** Seen mid-stream, and --server named exactly one of the two endpoints. */
    private boolean rolesFromSpec;
    private boolean sawSyn;
    private final long firstNanos;
    private long lastNanos;
    private EndReason endReason;
    private boolean closing;
    boolean rstSeen;
    /**
     * A RST the receiver would not take was seen (from {@link #ignoredResetSide}), and how many packets its receiver
     * had sent by then.
     */
    private boolean ignoredReset;
    private int ignoredResetSide;
    private long ignoredResetReceiverPackets;
    private final StringBuilder history = new StringBuilder(12);
    private final int[] lettersSeen = new int[2];
    private java.util.EnumSet<AnomalyType> reported; // made on the first flood-prone anomaly
    private StreamConsumer consumer;

    // ConnectionList links
    ConnectionList list;
    TcpConnection prev;
    TcpConnection next;

    TcpConnection(TcpTracker tracker, ConnectionKey key, long id, Endpoint a, Endpoint b, int clientSide,
                  boolean rolesFromSyn, long firstNanos) {
        this.tracker = tracker;
        this.key = key;
        this.id = id;
        this.endpoints = new Endpoint[] {a, b};
        this.clientSide = clientSide;
        this.rolesFromSyn = rolesFromSyn;
        this.firstNanos = firstNanos;
        this.lastNanos = firstNanos;
        sides[0] = new HalfStream(this, 0);
        sides[1] = new HalfStream(this, 1);
    }

    /** 1, 2, 3… in order of first appearance in the capture. */
    public long id() {
        return id;
    }

    public Endpoint client() {
        return endpoints[clientSide];
    }

    public Endpoint server() {
        return endpoints[1 - clientSide];
    }

    /**
     * The upper layer found the guess wrong (the "client" sent {@code HTTP/1.1 200}). From now on directions are
     * reversed; counters follow the endpoints, so {@code stats(CLIENT_TO_SERVER)} is what the new client sent.
     * May be called from inside a {@link StreamConsumer} callback; later events use the new directions.
     */
    public void swapRoles() {
        clientSide = 1 - clientSide;
        rolesFromSyn = false;
        rolesFromSpec = false;
        for (int i = 0; i < history.length(); i++) {
            char c = history.charAt(i);
            if (Character.isLetter(c)) {
                history.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
        }
        history.append('^');
    }

    /** True when a SYN or SYN+ACK decided the roles (and they were not swapped since). */
    public boolean rolesFromSyn() {
        return rolesFromSyn;
    }

    void rolesFromSpec(boolean fromSpec) {
        rolesFromSpec = fromSpec;
    }

    /**
     * True when the roles are known, not guessed: from a SYN, or from --server naming one endpoint (a port's
     * reputation or the first packet's direction is a guess the bytes may overrule).
     */
    public boolean rolesKnown() {
        return rolesFromSyn || rolesFromSpec;
    }

    public FlowStats stats(Direction direction) {
        return sides[sideOf(direction)].stats();
    }

    public long firstNanos() {
        return firstNanos;
    }

    public long lastNanos() {
        return lastNanos;
    }

    /** True when a SYN (with or without ACK) was seen from either side. */
    public boolean sawSyn() {
        return sawSyn;
    }

    /** Zeek-style history letters, see the class comment. */
    public String history() {
        return history.toString();
    }

    /** How the connection ended, or null while it is open. */
    public EndReason endReason() {
        return endReason;
    }

    @Override
    public String toString() {
        return "#" + id + " " + client() + " -> " + server() + " " + history;
    }

    // ---- used by the tracker and the half streams

    Direction directionOf(int side) {
        return side == clientSide ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
    }

    private int sideOf(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? clientSide : 1 - clientSide;
    }

    boolean ended() {
        return endReason != null;
    }

    void consumer(StreamConsumer consumer) {
        this.consumer = consumer;
    }

    boolean delivering() {
        return consumer != null && endReason == null;
    }

    void touch(long ts) {
        if (ts > lastNanos) {
            lastNanos = ts;
        }
    }

    /** A TCP segment from {@code side}. The tracker has already handled port reuse. */
    void segment(int side, TcpSegment seg, ByteBuffer data, long ts) {
        touch(ts);
        HalfStream s = sides[side];
        boolean syn = seg.has(TcpSegment.SYN);
        boolean ack = seg.has(TcpSegment.ACK);
        if (syn) {
            sawSyn = true;
            history(side, ack ? 'H' : 'S');
        }
        if (ack && !ended()) {
            // what the sender had received before sending this segment comes first
            sides[1 - side].acknowledged(seg.ack, ts);
        }
        if (seg.has(TcpSegment.RST)) {
            s.packets++;
            s.wireBytes += seg.wireLength;
            history(side, 'R');
            if (ended()) {
                return;
            }
            if (!s.resetAcceptable(seg.seq)) {
                // followed on: a forged RST must not hide what the connection carries next
                ignoredReset = true;
                ignoredResetSide = side;
                ignoredResetReceiverPackets = sides[1 - side].packets;
                if (once(AnomalyType.TCP_RST_OUT_OF_WINDOW)) {
                    report(AnomalyType.TCP_RST_OUT_OF_WINDOW, ts, "from=" + directionOf(side).shortName()
                            + ", offset=" + s.offsetOf(seg.seq) + ", next=" + s.next);
                }
                return;
            }
            end(EndReason.RST, side, ts);
            return;
        }
        if (seg.wireLength > 0) {
            history(side, 'D');
            if (rstSeen) {
                // in flight when the reset was sent: counted, never delivered nor counted as delivered
                s.packets++;
                s.wireBytes += seg.wireLength;
                tracker.dataAfterClose++;
                return;
            }
        } else if (!syn && ack && !seg.has(TcpSegment.FIN)) {
            history(side, 'A');
        }
        if (seg.has(TcpSegment.FIN)) {
            history(side, 'F');
        }
        s.segment(data, seg.payloadOffset, seg.capturedLength, seg.wireLength, seg.seq, syn, seg.has(TcpSegment.FIN), ts);
    }

    void history(int side, char letter) {
        int bit = 1 << LETTERS.indexOf(letter);
        if ((lettersSeen[side] & bit) != 0) {
            return;
        }
        lettersSeen[side] |= bit;
        history.append(side == clientSide ? letter : Character.toLowerCase(letter));
    }

    /** Called by a half stream when its FIN is reached; both reached ends the connection. */
    void finDelivered(int side, long ts) {
        if (ended()) {
            return;
        }
        emitFin(side, ts);
        if (!closing && sides[0].finDelivered && sides[1].finDelivered) {
            end(EndReason.FIN, -1, ts);
        }
    }

    /**
     * Ends the connection: flushes both directions (holes become gaps, FIN delivered if seen), then RST if
     * {@code reason} is RST (from {@code rstSide}), then exactly one end().
     */
    void end(EndReason reason, int rstSide, long ts) {
        if (ended() || closing) {
            return;
        }
        if (reason != EndReason.FIN && ignoredReset
                && sides[1 - ignoredResetSide].packets == ignoredResetReceiverPackets) {
            // its receiver sent nothing after the RST it ignored: it took it after all (a stack that accepts any in
            // its window, as RFC 9293 has it); what its sender still sent was in flight
            reason = EndReason.RST;
            rstSide = ignoredResetSide;
            ts = lastNanos; // not before the packets its sender still sent: events stay in time order
        }
        if (reason == EndReason.RST) {
            rstSeen = true;
            report(AnomalyType.TCP_RST, ts, "from=" + directionOf(rstSide).shortName() + ", handshake="
                    + (sides[0].started && sides[1].started ? "seen" : "incomplete"));
        }
        closing = true;
        sides[clientSide].flush(ts);
        sides[1 - clientSide].flush(ts);
        if (reason == EndReason.RST) {
            StreamConsumer c = consumer;
            if (c != null) {
                try {
                    c.rst(directionOf(rstSide), ts);
                } catch (RuntimeException e) {
                    consumerFailed(e, ts);
                }
            }
        }
        StreamConsumer c = consumer;
        endReason = reason;
        if (c != null) {
            try {
                c.end(reason, ts);
            } catch (RuntimeException e) {
                consumerFailed(e, ts);
            }
        }
        consumer = null;
    }

    // ---- events to the consumer, guarded so a consumer bug cannot take the tracker down

    void emitData(int side, ByteBuffer data, int from, int length, long offset, long ts) {
        StreamConsumer c = consumer;
        if (c == null || endReason != null) {
            return;
        }
        ByteBuffer view = tracker.view(data);
        view.limit(from + length);
        view.position(from);
        try {
            c.data(directionOf(side), view, offset, ts);
        } catch (RuntimeException e) {
            consumerFailed(e, ts);
        }
    }

    void emitArray(int side, byte[] bytes, int from, int length, long offset, long ts) {
        StreamConsumer c = consumer;
        if (c == null || endReason != null) {
            return;
        }
        try {
            c.data(directionOf(side), ByteBuffer.wrap(bytes, from, length), offset, ts);
        } catch (RuntimeException e) {
            consumerFailed(e, ts);
        }
    }

    void emitGap(int side, long offset, long length, long ts) {
        StreamConsumer c = consumer;
        if (c == null || endReason != null) {
            return;
        }
        try {
            c.gap(directionOf(side), offset, length, ts);
        } catch (RuntimeException e) {
            consumerFailed(e, ts);
        }
    }

    private void emitFin(int side, long ts) {
        StreamConsumer c = consumer;
        if (c == null) {
            return;
        }
        try {
            c.fin(directionOf(side), ts);
        } catch (RuntimeException e) {
            consumerFailed(e, ts);
        }
    }

    /**
     * A consumer threw: a bug in a decoder. The connection's analysis stops (the tracker goes on), the failure is a
     * named anomaly on the connection, and in fail-fast mode (--debug) it is rethrown with its stack trace.
     */
    private void consumerFailed(RuntimeException e, long ts) {
        tracker.consumerErrors++;
        consumer = null;
        report(AnomalyType.TCP_CONSUMER_FAILED, ts, ConsumerFailure.detail(e));
        if (tracker.failFast()) {
            throw new ConsumerFailure(id, e);
        }
    }

    // ---- anomalies

    void report(AnomalyType type, long ts, String detail) {
        tracker.anomalies.report(new Anomaly(type, ts, id, 0, detail));
    }

    /** True the first time a flood-prone anomaly type comes up on this connection; its counts live in FlowStats. */
    boolean once(AnomalyType type) {
        if (reported == null) {
            reported = java.util.EnumSet.noneOf(AnomalyType.class);
        }
        return reported.add(type);
    }
}
