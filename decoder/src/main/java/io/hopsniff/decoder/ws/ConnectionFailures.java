package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The frame violations of one session that RFC 6455 makes the receiver fail the connection on, by direction and
 * type, so a diagnosis can tell a WebSocket that flowed from one a browser dropped. Warnings (a non-minimal length,
 * frames after close) and capture damage (gaps) are not among them: a conforming peer carries on after those.
 */
final class ConnectionFailures {

    /** Anomalies whose frames a conforming receiver must fail the connection on (RFC 6455 §5.1-§5.5, §7.4, §8.1;
     * RFC 7692 §7.2.2: a message it cannot inflate it cannot read). */
    static final Set<AnomalyType> FAIL_THE_CONNECTION = EnumSet.of(AnomalyType.WS_CLIENT_FRAME_UNMASKED,
            AnomalyType.WS_SERVER_FRAME_MASKED, AnomalyType.WS_RESERVED_OPCODE, AnomalyType.WS_RSV_BITS_UNNEGOTIATED,
            AnomalyType.WS_CONTROL_FRAME_TOO_LONG, AnomalyType.WS_CONTROL_FRAME_FRAGMENTED,
            AnomalyType.WS_CONTINUATION_WITHOUT_START, AnomalyType.WS_FRAGMENT_INTERLEAVED,
            AnomalyType.WS_CLOSE_CODE_INVALID, AnomalyType.WS_CLOSE_REASON_NOT_UTF8, AnomalyType.WS_TEXT_NOT_UTF8,
            AnomalyType.WS_DEFLATE_INVALID);

    private final List<Tally> tallies = new ArrayList<>(0);

    /**
     * Counts a frame (of {@code opcode}) named with {@code type} when that type fails the connection;
     * {@code afterClose} when its sender had already sent a close frame.
     */
    void note(Direction d, AnomalyType type, long ts, int opcode, boolean afterClose) {
        if (FAIL_THE_CONNECTION.contains(type)) {
            Tally t = add(d, type, ts);
            t.closeFramesOnly &= opcode == Opcodes.CLOSE;
            t.afterOwnClose &= afterClose;
        }
    }

    /**
     * A frame length that lost the framing: a violation when its most significant bit was set (RFC 6455 §5.2: that
     * bit MUST be 0, so it reads negative), not when it only passed hopsniff's sanity limit.
     */
    void lostLength(Direction d, long length, long ts) {
        if (length < 0) {
            Tally t = add(d, AnomalyType.WS_FRAMES_UNDECODABLE, ts);
            t.closeFramesOnly = false; // its opcode is moot
            t.afterOwnClose = false;
        }
    }

    /** A frame began: a non-close frame from the other side after a violation means that side carried on. */
    void frame(Direction d, int opcode, long ts) {
        for (Tally t : tallies) {
            if (t.direction != d && ts > t.firstNanos && opcode != Opcodes.CLOSE) {
                t.carriedOn = true;
            }
        }
    }

    private Tally add(Direction d, AnomalyType type, long ts) {
        for (Tally t : tallies) {
            if (t.direction == d && t.type == type) {
                t.count++;
                return t;
            }
        }
        Tally t = new Tally(d, type, ts);
        tallies.add(t);
        return t;
    }

    /** The violations so far, in the order they first happened, with their counts. */
    List<WsViolation> list() {
        List<WsViolation> out = new ArrayList<>(tallies.size());
        for (Tally t : tallies) {
            out.add(new WsViolation(t.direction, t.type, t.firstNanos, t.count, t.carriedOn, t.closeFramesOnly,
                    t.afterOwnClose));
        }
        return List.copyOf(out);
    }

    private static final class Tally {
        final Direction direction;
        final AnomalyType type;
        final long firstNanos;
        long count = 1;
        boolean carriedOn;
        boolean closeFramesOnly = true;
        boolean afterOwnClose = true;

        Tally(Direction direction, AnomalyType type, long firstNanos) {
            this.direction = direction;
            this.type = type;
            this.firstNanos = firstNanos;
        }
    }
}
