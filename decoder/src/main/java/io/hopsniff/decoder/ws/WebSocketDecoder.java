package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 6455 §5 frames of one WebSocket, both directions, from the bytes after the 101 (or, without a captured
 * handshake, where frames were found): a push state machine per direction that reads frame headers (2-14 bytes,
 * assembled across calls) and reads payloads in place, never copying them: control frames (125 bytes at most) for
 * close codes and reasons, text for UTF-8 (§8.1), messages' first bytes only with a payloadBytesKept above 0.
 * With permessage-deflate agreed, compressed messages are inflated as they come (RFC 7692 §7.2.2, {@link Inflation},
 * within the run's {@link InflateBudget}): their text is checked once inflated, and data that does not inflate is
 * named (WS_DEFLATE_INVALID).
 *
 * <p>Violations that leave the frame boundaries known (masking, RSV bits, reserved opcodes, fragmentation
 * order, close codes) are reported and decoding goes on. A gap inside a data frame's payload keeps the framing
 * (WS_GAP_IN_PAYLOAD); any other gap, or an impossible length, loses it: the direction moves to a skip state
 * that counts bytes (WS_FRAMES_UNDECODABLE). Anomalies are tallied, one per type per session with a count,
 * and reported at {@link #end}, with the handshake exchange's id as transaction id.
 */
public final class WebSocketDecoder implements StreamConsumer {

    enum State { HEADER, PAYLOAD, UNDECODABLE }

    static final int MAX_CONTROL_KEPT = 125;

    private final long connectionId;
    private final HttpExchange handshake;
    private final WsConfig config;
    private final AnomalySink anomalies;
    private final AnomalyTally tally = new AnomalyTally();
    private final ConnectionFailures failures = new ConnectionFailures();
    private final HandshakeFacts facts;
    private final boolean deflate;
    private final boolean otherExtensions;
    private final long switchNanos;
    private final Side client;
    private final Side server;
    private FrameListener listener;

    private Side firstClose;
    private Direction firstTcpClose;
    private EndReason endReason;
    private long endNanos;
    private WebSocketSession session;

    public WebSocketDecoder(long connectionId, HttpExchange handshake, WsConfig config, AnomalySink anomalies) {
        this(connectionId, handshake, config, anomalies, KeptBytes.unlimited(), InflateBudget.unlimited());
    }

    /**
     * {@code kept}: the run's budget for kept messages; {@code inflate}: what inflating compressed messages may cost
     * the run. Both are shared with every other connection.
     */
    public WebSocketDecoder(long connectionId, HttpExchange handshake, WsConfig config, AnomalySink anomalies,
                            KeptBytes kept, InflateBudget inflate) {
        this.connectionId = connectionId;
        this.handshake = handshake;
        this.config = config == null ? WsConfig.DEFAULTS : config;
        this.anomalies = anomalies == null ? a -> { } : anomalies;
        this.facts = HandshakeFacts.of(handshake);
        this.deflate = facts.permessageDeflate();
        this.otherExtensions = WsHeaders.extensionNames(facts.acceptedExtensions()).stream()
                .anyMatch(n -> !n.equals("permessage-deflate"));
        this.switchNanos = handshake != null && handshake.response() != null ? handshake.response().firstByteNanos() : Long.MIN_VALUE;
        int keep = this.config.payloadBytesKept();
        this.client = new Side(Direction.CLIENT_TO_SERVER, keep > 0 ? new PayloadKeeper(keep, this.config, kept) : null,
                deflate ? new Inflation(facts.clientNoContextTakeover(), inflate) : null);
        this.server = new Side(Direction.SERVER_TO_CLIENT, keep > 0 ? new PayloadKeeper(keep, this.config, kept) : null,
                deflate ? new Inflation(facts.serverNoContextTakeover(), inflate) : null);
        client.inflated = inflatedSink(client);
        server.inflated = inflatedSink(server);
    }

    /** Every frame is passed to {@code l} when its payload ends; null removes the hook. */
    public void setFrameListener(FrameListener l) {
        this.listener = l;
    }

    // ---------------------------------------------------------------- StreamConsumer

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long ts) {
        if (bytes == null) {
            return;
        }
        Side s = side(direction);
        int p = bytes.position();
        int end = bytes.limit();
        if (p >= end || endReason != null) {
            bytes.position(end);
            return;
        }
        if (s == client && !s.sawData && ts < switchNanos) {
            tally.add(AnomalyType.WS_DATA_BEFORE_101, ts, "expected=client waits for the 101, found="
                    + (end - p) + " bytes " + (switchNanos - ts) / 1000 + " us before it");
        }
        s.sawData = true;
        while (p < end) {
            switch (s.state) {
                case HEADER -> p = header(s, bytes, p, end, ts);
                case PAYLOAD -> p = payload(s, bytes, p, end, ts);
                case UNDECODABLE -> {
                    s.undecodedBytes += end - p;
                    p = end;
                }
            }
        }
        bytes.position(end);
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long ts) {
        if (length <= 0 || endReason != null) {
            return;
        }
        Side s = side(direction);
        s.sawData = true;
        if (s.state == State.PAYLOAD && !Opcodes.isControl(s.opcode) && length <= s.remaining) {
            s.remaining -= length;
            s.payloadBytes += length;
            s.damaged = true;
            s.gapInMessage();
            flag(AnomalyType.WS_GAP_IN_PAYLOAD, ts, s, "expected=all payload bytes", length + " bytes missing");
            if (s.remaining == 0) {
                frameEnd(s, ts);
            }
            return;
        }
        if (s.state != State.UNDECODABLE) {
            lose(s, ts, "gap of " + length + " bytes");
        }
        s.undecodedBytes += length;
    }

    @Override
    public void fin(Direction direction, long ts) {
        firstTcpClose = firstTcpClose == null ? direction : firstTcpClose;
    }

    @Override
    public void rst(Direction direction, long ts) {
        firstTcpClose = firstTcpClose == null ? direction : firstTcpClose;
    }

    @Override
    public void end(EndReason reason, long ts) {
        if (endReason != null) {
            return;
        }
        endReason = reason == null ? EndReason.STILL_OPEN : reason;
        endNanos = ts;
        if (endReason != EndReason.STILL_OPEN) {
            for (Side s : new Side[] {client, server}) {
                boolean midFrame = s.state == State.PAYLOAD || (s.state == State.HEADER && s.hdrLen > 0);
                if (midFrame || s.fragmentOpen) {
                    flag(AnomalyType.WS_TRUNCATED_AT_END, ts, s, "expected=end between messages",
                            midFrame ? "inside a " + Opcodes.name(s.opcode) + " frame" : "inside a fragmented message");
                }
            }
        }
        session = buildSession();
        long handshakeId = handshake == null ? 0 : handshake.id();
        client.close(anomalies, connectionId, handshakeId, ts);
        server.close(anomalies, connectionId, handshakeId, ts);
        tally.flush(anomalies, connectionId, handshakeId);
    }

    // ---------------------------------------------------------------- results

    /** The session, complete after {@link #end}; before it, a snapshot with {@code end} null. */
    public WebSocketSession session() {
        return session != null ? session : buildSession();
    }

    /** Messages kept for {@code d} (first {@link WsConfig#payloadBytesKept()} bytes each); empty when capture is off. */
    public List<KeptMessage> keptMessages(Direction d) {
        Side s = side(d);
        return s.keeper == null ? List.of() : s.keeper.kept();
    }

    /** Bytes of {@code d} counted but not decoded because framing was lost. */
    public long undecodedBytes(Direction d) {
        return side(d).undecodedBytes;
    }

    // ---------------------------------------------------------------- the state machine

    private int header(Side s, ByteBuffer b, int p, int end, long ts) {
        if (s.hdrLen == 0) {
            s.frameNanos = ts;
        }
        while (p < end && s.hdrLen < s.hdrNeed) {
            s.hdr[s.hdrLen++] = b.get(p++);
            if (s.hdrLen == 2) {
                int len7 = s.hdr[1] & 0x7F;
                s.hdrNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((s.hdr[1] & 0x80) != 0 ? 4 : 0);
            }
        }
        if (s.hdrLen == s.hdrNeed) {
            frameStart(s, ts);
        }
        return p;
    }

    private int payload(Side s, ByteBuffer b, int p, int end, long ts) {
        int n = (int) Math.min(s.remaining, end - p);
        long offset = s.length - s.remaining;
        if (Opcodes.isControl(s.opcode)) {
            int keep = (int) Math.min(n, Math.max(0, MAX_CONTROL_KEPT - offset));
            for (int i = 0; i < keep; i++) {
                byte v = b.get(p + i);
                if (s.masked) {
                    v ^= s.maskKey[(int) ((offset + i) & 3)];
                }
                s.control[(int) offset + i] = v;
            }
            s.controlLen += keep;
        } else if (!Opcodes.isReserved(s.opcode)) { // a reserved opcode's payload is no part of a message (§5.2)
            if (s.keeper != null) {
                s.keeper.payload(b, p, n, s.masked ? s.maskKey : null, offset);
            }
            if (s.compressed) { // its bytes go through the inflater to the text check and the keeper
                s.inflation.payload(b, p, n, s.masked ? s.maskKey : null, offset, s.fin && n == s.remaining, s.inflated);
                checkInflated(s);
            } else if (s.utf8.checking() && !s.utf8.feed(b, p, n, s.masked ? s.maskKey : null, offset)) {
                flag(AnomalyType.WS_TEXT_NOT_UTF8, s.frameNanos, s, "expected=UTF-8 text", "a byte UTF-8 forbids there");
            }
        }
        s.remaining -= n;
        s.payloadBytes += n;
        if (s.remaining == 0) {
            frameEnd(s, ts);
        }
        return p + n;
    }

    private void frameStart(Side s, long ts) {
        byte b0 = s.hdr[0];
        byte b1 = s.hdr[1];
        s.fin = (b0 & 0x80) != 0;
        s.rsv = (b0 >> 4) & 7;
        s.opcode = b0 & 0x0F;
        s.masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        long length = len7;
        if (len7 == 126) {
            length = ((s.hdr[2] & 0xFFL) << 8) | (s.hdr[3] & 0xFFL);
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (s.hdr[i] & 0xFFL);
            }
        }
        if (s.masked) {
            System.arraycopy(s.hdr, s.hdrNeed - 4, s.maskKey, 0, 4);
        }
        s.hdrLen = 0;
        s.hdrNeed = 2;
        if (length < 0 || length > config.maxFramePayload()) {
            failures.lostLength(s.direction, length, s.frameNanos);
            lose(s, s.frameNanos, length < 0 ? "a 64-bit length with its most significant bit set, "
                    + Long.toUnsignedString(length) : "frame length " + length + " beyond the sanity limit "
                    + config.maxFramePayload());
            return;
        }
        long t = s.frameNanos;
        s.frames++;
        s.opcodeCounts[s.opcode]++;
        if (s.firstFrameNanos == 0) {
            s.firstFrameNanos = t;
        }
        s.lastFrameNanos = t;
        s.length = length;
        s.remaining = length;
        s.controlLen = 0;
        s.damaged = false;

        failures.frame(s.direction, s.opcode, t);
        if (s.closeSent) {
            flag(AnomalyType.WS_FRAME_AFTER_CLOSE, t, s, "expected=nothing after close", Opcodes.name(s.opcode));
        }
        if ((len7 == 126 && length < 126) || (len7 == 127 && length <= 0xFFFF)) {
            flag(AnomalyType.WS_LENGTH_NOT_MINIMAL, t, s, "expected=shortest length encoding",
                    (len7 == 126 ? "16-bit " : "64-bit ") + length);
        }
        if (s.direction == Direction.CLIENT_TO_SERVER && !s.masked) {
            flag(AnomalyType.WS_CLIENT_FRAME_UNMASKED, t, s, "expected=mask 1", "mask 0");
        } else if (s.direction == Direction.SERVER_TO_CLIENT && s.masked) {
            flag(AnomalyType.WS_SERVER_FRAME_MASKED, t, s, "expected=mask 0", "mask 1");
        }
        // an extension we do not know (or, with no handshake seen, deflate) may set RSV bits
        String rsv = otherExtensions ? null : s.unnegotiatedRsv(deflate || handshake == null);
        if (rsv != null) {
            flag(AnomalyType.WS_RSV_BITS_UNNEGOTIATED, t, s, "expected=" + (deflate
                    ? "RSV1 only on the first frame of a message" : "RSV 0 (nothing negotiated)"), rsv);
        }
        if (Opcodes.isReserved(s.opcode)) {
            flag(AnomalyType.WS_RESERVED_OPCODE, t, s, "expected=0-2 or 8-10", String.valueOf(s.opcode));
        } else if (Opcodes.isControl(s.opcode)) {
            if (length > MAX_CONTROL_KEPT) {
                flag(AnomalyType.WS_CONTROL_FRAME_TOO_LONG, t, s, "expected=<=125", Opcodes.name(s.opcode) + " of " + length);
            }
            if (!s.fin) {
                flag(AnomalyType.WS_CONTROL_FRAME_FRAGMENTED, t, s, "expected=fin 1", Opcodes.name(s.opcode) + " with fin 0");
            }
        } else if (s.opcode == Opcodes.CONTINUATION) {
            if (!s.fragmentOpen) {
                flag(AnomalyType.WS_CONTINUATION_WITHOUT_START, t, s, "expected=text or binary first", "continuation");
            }
        } else {
            if (s.fragmentOpen) {
                flag(AnomalyType.WS_FRAGMENT_INTERLEAVED, t, s, "expected=continuation",
                        Opcodes.name(s.opcode) + " inside a fragmented " + Opcodes.name(s.messageOpcode));
                if (s.keeper != null) {
                    s.keeper.abandon();
                }
                if (s.compressed) {
                    s.inflation.damaged(); // the open message's stream never ended
                }
            }
            s.fragmentOpen = true;
            s.messageOpcode = s.opcode;
            s.messageStarts(deflate && (s.rsv & 4) != 0, !otherExtensions);
            // compressed text is UTF-8 once inflated (RSV1 with no handshake seen: compressed, not inflated); an
            // unknown extension may transform the payload too
            boolean readable = s.compressed ? s.inflation.start() : (s.rsv & 4) == 0;
            s.utf8.start(s.opcode == Opcodes.TEXT && readable && !otherExtensions);
            if (s.keeper != null) {
                s.keeper.start(s.opcode, t, s.compressed);
            }
        }
        s.state = State.PAYLOAD;
        if (length == 0) {
            frameEnd(s, ts);
        }
    }

    private void frameEnd(Side s, long ts) {
        s.state = State.HEADER;
        Integer closeCode = null;
        int op = s.opcode;
        boolean ofMessage = !Opcodes.isControl(op) && !Opcodes.isReserved(op)
                && (op != Opcodes.CONTINUATION || s.fragmentOpen);
        if (op == Opcodes.CLOSE) {
            closeCode = close(s);
        } else if (ofMessage) {
            s.messageWireBytes += s.length;
        }
        if (ofMessage && s.fin) {
            s.messages++;
            s.fragmentOpen = false;
            boolean whole = !s.compressed || s.inflation.end(s.inflated);
            s.messageSize(!s.sizeKnowable || !whole ? -1
                    : s.compressed ? s.inflation.messageBytes() : s.messageWireBytes);
            if (s.compressed) {
                checkInflated(s);
                if (s.inflatedNotText && !s.inflateInvalid) {
                    flag(AnomalyType.WS_TEXT_NOT_UTF8, s.frameNanos, s, "expected=UTF-8 text",
                            "its inflated bytes are not");
                }
            }
            if (!whole) {
                s.utf8.abandon(); // what was inflated was checked; the rest of the text is not known
            }
            if (!s.utf8.end()) {
                flag(AnomalyType.WS_TEXT_NOT_UTF8, s.frameNanos, s, "expected=UTF-8 text", "a message ending mid-character");
            }
            if (s.keeper != null) {
                s.keeper.end(whole);
            }
        }
        FrameListener l = listener;
        if (l != null) {
            l.frame(new WsFrame(s.direction, s.frameNanos, s.fin, s.rsv, op, s.masked, s.length, closeCode));
        }
    }

    private Integer close(Side s) {
        Integer code = null;
        String reason = null;
        if (s.damaged) {
            return null;
        }
        if (s.controlLen == 1) {
            flag(AnomalyType.WS_CLOSE_CODE_INVALID, s.frameNanos, s, "expected=0 or >=2 payload bytes", "1 byte");
        } else if (s.controlLen >= 2) {
            code = ((s.control[0] & 0xFF) << 8) | (s.control[1] & 0xFF);
            if (!Opcodes.isValidCloseCode(code)) {
                flag(AnomalyType.WS_CLOSE_CODE_INVALID, s.frameNanos, s,
                        "expected=1000-1003, 1007-1014 or 3000-4999", String.valueOf(code));
            }
            if (s.controlLen > 2) {
                reason = new String(s.control, 2, s.controlLen - 2, StandardCharsets.UTF_8);
                // a reason cut at 125 bytes (oversized close frame) may end inside a character: not the sender's fault
                if (s.length <= MAX_CONTROL_KEPT && !Utf8Check.valid(s.control, 2, s.controlLen - 2)) {
                    flag(AnomalyType.WS_CLOSE_REASON_NOT_UTF8, s.frameNanos, s, "expected=UTF-8", reason.length() + " chars");
                }
            }
        }
        if (!s.closeSent) {
            s.closeSent = true;
            s.closeCode = code;
            s.closeReason = reason;
            if (firstClose == null) {
                firstClose = s;
            }
        }
        return code;
    }

    /**
     * Where a compressed message's inflated bytes go: the text check (named at the message's end, and not when its
     * data does not inflate: what zlib gave out before the error depends on the segments) and the keeper.
     */
    private Inflation.Sink inflatedSink(Side s) {
        return (b, n) -> {
            if (s.utf8.checking() && !s.utf8.feed(b, 0, n, null, 0)) {
                s.inflatedNotText = true;
            }
            if (s.keeper != null) {
                s.keeper.inflated(b, n);
            }
        };
    }

    /** Data that does not inflate: named when the sender's fault (Inflation#blamed) and no other extension is on. */
    private void checkInflated(Side s) {
        if (s.inflation.takeInvalid()) {
            s.inflateInvalid = true;
            if (s.keeper != null) {
                s.keeper.invalid();
            }
            if (!otherExtensions && s.inflation.blamed()) {
                flag(AnomalyType.WS_DEFLATE_INVALID, s.frameNanos, s, "expected=permessage-deflate data",
                        "bytes that do not inflate");
            }
        }
    }

    private void lose(Side s, long ts, String why) {
        s.state = State.UNDECODABLE;
        s.lost = true;
        s.fragmentOpen = false;
        s.utf8.abandon();
        if (s.keeper != null) {
            s.keeper.abandon();
        }
        if (s.inflation != null) {
            s.inflation.damaged();
        }
        flag(AnomalyType.WS_FRAMES_UNDECODABLE, ts, s, "expected=frames", why);
    }

    private void flag(AnomalyType type, long ts, Side s, String expected, String found) {
        failures.note(s.direction, type, ts, s.opcode, s.closeSent);
        tally.add(type, ts, tally.seen(type) ? null : "direction=" + s.direction.shortName() + ", " + expected
                + ", found=" + found);
    }

    // ---------------------------------------------------------------- the session record

    private WebSocketSession buildSession() {
        String end = null;
        if (endReason != null) {
            end = switch (endReason) {
                case FIN -> firstClose != null ? "close" : "fin-without-close";
                case RST -> "rst";
                case EVICTED -> "evicted";
                case IDLE_TIMEOUT -> "idle-timeout";
                case STILL_OPEN -> "capture-end";
            };
        }
        String endedBy = firstTcpClose == null ? "unknown"
                : firstTcpClose == Direction.CLIENT_TO_SERVER ? "client" : "server";
        long last = Math.max(client.lastFrameNanos, server.lastFrameNanos);
        if (last == 0 && handshake != null && handshake.response() != null) {
            last = handshake.response().lastByteNanos();
        }
        long idle = endReason == null || last == 0 ? 0 : Math.max(0, endNanos - last);
        String subprotocol = facts.acceptedSubprotocols().isEmpty() ? null : String.join(", ", facts.acceptedSubprotocols());
        String extensions = facts.acceptedExtensions().isEmpty() ? null : String.join(", ", facts.acceptedExtensions());
        return new WebSocketSession(client.snapshot(), server.snapshot(), subprotocol, extensions,
                firstClose == null ? "none" : firstClose == client ? "client" : "server",
                client.closeSent && server.closeSent, end, endedBy, idle, client.lost || server.lost, failures.list());
    }

    private Side side(Direction d) {
        return d == Direction.SERVER_TO_CLIENT ? server : client;
    }
}
