package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.tcp.Direction;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** What one direction of a {@link WebSocketDecoder}'s session is doing and has done. */
final class Side {
    final Direction direction;
    final PayloadKeeper keeper;
    /** permessage-deflate for this direction, when it was agreed; null otherwise. */
    final Inflation inflation;
    /** Where the inflated bytes of this direction's compressed messages go (set by the decoder). */
    Inflation.Sink inflated;
    final byte[] hdr = new byte[14];
    final byte[] maskKey = new byte[4]; // the current frame's
    final byte[] control = new byte[WebSocketDecoder.MAX_CONTROL_KEPT];
    final long[] opcodeCounts = new long[16];
    final Utf8Check utf8 = new Utf8Check();
    WebSocketDecoder.State state = WebSocketDecoder.State.HEADER;
    int hdrLen;
    int hdrNeed = 2;
    long frameNanos;
    boolean fin;
    int rsv;
    int opcode;
    boolean masked;
    /** The open message was sent compressed (RSV1 on its first frame). */
    boolean compressed;
    /** The open message's payload is what its receiver counts (no RSV1, no unknown extension), or inflates to it. */
    boolean sizeKnowable;
    /** The open compressed message's inflated bytes broke UTF-8 (named at its end, unless it does not inflate). */
    boolean inflatedNotText;
    /** The open compressed message's data does not inflate (WS_DEFLATE_INVALID named). */
    boolean inflateInvalid;
    /** Payload bytes on the wire of the open message's frames so far. */
    long messageWireBytes;
    long largestMessageBytes = -1;
    long largestMessageWireBytes;
    long length;
    long remaining;
    int controlLen;
    boolean damaged;
    boolean fragmentOpen;
    int messageOpcode;
    boolean closeSent;
    Integer closeCode;
    String closeReason;
    boolean sawData;
    boolean lost;
    long frames;
    long payloadBytes;
    long messages;
    long firstFrameNanos;
    long lastFrameNanos;
    long undecodedBytes;

    Side(Direction direction, PayloadKeeper keeper, Inflation inflation) {
        this.direction = direction;
        this.keeper = keeper;
        this.inflation = inflation;
    }

    /**
     * The current frame's RSV bits when the agreed extensions do not define them ("RSV 100 on close"), else null;
     * {@code deflate}: RSV1 may mark the first frame of a text or binary message (RFC 7692 §6).
     */
    String unnegotiatedRsv(boolean deflate) {
        boolean rsv1Allowed = deflate && (opcode == Opcodes.TEXT || opcode == Opcodes.BINARY);
        if (rsv == 0 || (rsv & 3) == 0 && rsv1Allowed) {
            return null;
        }
        return "RSV " + Integer.toBinaryString(8 | rsv).substring(1) + " on " + Opcodes.name(opcode);
    }

    /**
     * A text or binary message starts (RSV1 on its first frame). Its size is knowable when no extension but deflate
     * may transform it and RSV1 means deflate: its payload, inflated when compressed, is what its receiver counts.
     */
    void messageStarts(boolean compressed, boolean noOtherExtension) {
        this.compressed = compressed;
        this.sizeKnowable = noOtherExtension && (compressed || (rsv & 4) == 0);
        this.messageWireBytes = 0;
        this.inflatedNotText = false;
        this.inflateInvalid = false;
    }

    /** A message ended: {@code bytes} is its size as its receiver counts it, -1 when not known. */
    void messageSize(long bytes) {
        if (bytes > largestMessageBytes) {
            largestMessageBytes = bytes;
            largestMessageWireBytes = messageWireBytes;
        }
    }

    /** A gap inside the open message's payload: its text, kept bytes and (compressed) stream cannot be followed. */
    void gapInMessage() {
        utf8.abandon();
        if (keeper != null) {
            keeper.damaged();
        }
        if (compressed) {
            inflation.damaged(); // the shared window is lost with the missing bytes
        }
    }

    /** The session ended: the keeper and the inflation name the bounds they hit and give their budgets back. */
    void close(AnomalySink anomalies, long connectionId, long handshakeId, long ts) {
        if (keeper != null) {
            keeper.close(anomalies, direction, connectionId, handshakeId, ts);
        }
        if (inflation != null) {
            inflation.close(anomalies, direction, connectionId, handshakeId, ts);
        }
    }

    WebSocketDirection snapshot() {
        SortedMap<String, Long> ops = new TreeMap<>();
        for (int i = 0; i < 16; i++) {
            if (opcodeCounts[i] > 0) {
                ops.put(Opcodes.name(i), opcodeCounts[i]);
            }
        }
        boolean sized = largestMessageBytes >= 0;
        return new WebSocketDirection(frames, payloadBytes, messages, Collections.unmodifiableSortedMap(ops),
                closeCode, closeReason, firstFrameNanos, lastFrameNanos, sized ? largestMessageBytes : null,
                sized ? largestMessageWireBytes : null);
    }
}
