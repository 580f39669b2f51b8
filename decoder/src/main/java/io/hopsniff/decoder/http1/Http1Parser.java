package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.anomaly.Details;
import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;

/**
 * The push state machine of one direction of one connection: requests on the client side, responses on the
 * server side. It consumes every byte it is given: each state either advances or hands over to a state that
 * does. Pairing, holding and switching belong to {@link Http1Connection}; what only requests or only responses
 * do, to {@link RequestParser} and {@link ResponseParser}; chunked bodies, heads and resynchronisation to
 * {@link ChunkedBody}, {@link HeadReader} and {@link Resync}.
 */
abstract class Http1Parser {

    final Http1Connection conn;
    private final Direction direction;
    private final boolean requests;
    final Http1Config cfg;

    ParserState state = ParserState.START;
    final LineBuffer line;
    private final ChunkedBody chunked;
    final Resync resync;
    private final HeadReader heads;
    private long remaining;
    MessageBuilder msg;
    private boolean bareLfReported;
    private boolean notHttpReported;
    private boolean undecodableReported;
    private long nonHttpBytes;
    private long undecodedBytes;
    private long lastDataTs;
    /** The stream offset of index 0 of the buffer being parsed: bytes handed on carry their real offsets. */
    private long base;
    private boolean closed;

    Http1Parser(Http1Connection conn, Direction direction, Http1Config cfg) {
        this.conn = conn;
        this.direction = direction;
        this.requests = direction == Direction.CLIENT_TO_SERVER;
        this.cfg = cfg;
        this.line = new LineBuffer(conn.keptBytes());
        this.chunked = new ChunkedBody(line, cfg, this::bareLf);
        this.resync = new Resync(line, requests, cfg, conn, direction);
        this.heads = new HeadReader(line, requests, cfg, this::bareLf);
    }

    long nonHttpBytes() {
        return nonHttpBytes;
    }

    long undecodedBytes() {
        return undecodedBytes + resync.total();
    }

    void countUndecoded(long n) {
        undecodedBytes += n;
    }

    long lastDataTs() {
        return lastDataTs;
    }

    boolean isHolding() {
        return state == ParserState.HOLD;
    }

    boolean isInBody() {
        return state == ParserState.BODY_LENGTH || state == ParserState.CHUNKED;
    }

    /** Parses {@code b} from its position, which is at {@code offset} in this direction's stream. */
    void data(ByteBuffer b, long offset, long ts) {
        int i = b.position();
        int lim = b.limit();
        if (i >= lim) {
            return;
        }
        base = offset - i;
        lastDataTs = ts;
        while (i < lim) {
            switch (state) {
                case START -> i = start(b, i, lim, ts);
                case HEAD -> i = head(b, i, lim, ts);
                case BODY_LENGTH -> i = fixedBody(b, i, lim, ts);
                case CHUNKED -> i = chunked(b, i, lim, ts);
                case BODY_CLOSE -> {
                    msg.body(b, i, lim - i, cfg.bodyPrefixBytes());
                    i = lim;
                }
                case HOLD -> {
                    conn.hold(b, i, lim, base + i, ts);
                    i = lim;
                }
                case TUNNEL -> {
                    conn.tunnel(direction, b, i, lim, base + i, ts);
                    i = lim;
                }
                case SKIP -> {
                    nonHttpBytes += lim - i;
                    i = lim;
                }
                case RESYNC -> i = resync(b, i, lim, ts);
                case UNDECODABLE, DEAD -> {
                    undecodedBytes += lim - i;
                    i = lim;
                }
                default -> throw new AssertionError(state);
            }
        }
        b.position(lim);
    }

    // ---------------------------------------------------------------- heads

    private int start(ByteBuffer b, int i, int lim, long ts) {
        while (i < lim) {
            byte c = b.get(i);
            if (c != '\r' && c != '\n') {
                msg = new MessageBuilder(requests, conn.keptBytes());
                msg.firstByteNanos = ts;
                line.clear();
                heads.start(true);
                state = ParserState.HEAD;
                return i;
            }
            i++;
        }
        return i;
    }

    private int head(ByteBuffer b, int i, int lim, long ts) {
        i = heads.feed(b, i, lim, ts);
        switch (heads.outcome()) {
            case COMPLETE -> headComplete(ts);
            case NOT_HTTP -> notHttp(ts);
            case TOO_LARGE -> headerTooLarge(ts, false);
            case NO_ROOM -> headerTooLarge(ts, true);
            case MORE -> {
            }
        }
        return i;
    }

    // ---------------------------------------------------------------- what a request or a response adds

    /** A head was parsed: pair it, decide its framing ({@link #startBody}) or switch. */
    abstract void headParsed(MessageBuilder m, long ts);

    /** A message ended (complete or not; the parser is back at START): hand it to the connection. */
    abstract void messageEnded(MessageBuilder m);

    /** A head cut before its empty line still says enough: pair it as an incomplete message. */
    abstract void partialHead(MessageBuilder m, long ts);

    /** Bytes that are not a start line: true when the role explains them (and handled them). */
    boolean explainsStrayBytes(long ts) {
        return false;
    }

    /** On a switch: true when the message in progress is read to its end before the tunnel starts. */
    boolean switchesAfterBody() {
        return false;
    }

    private void notHttp(long ts) {
        if (explainsStrayBytes(ts)) {
            return;
        }
        if (!notHttpReported) {
            notHttpReported = true;
            conn.report(AnomalyType.HTTP_NOT_HTTP, ts, "direction=" + direction.shortName() + ", first_bytes="
                    + Details.printable(line.bytes, 0, Math.min(line.length, 8)));
        }
        dropMessage();
        nonHttpBytes += line.length;
        line.length = 0;
        state = ParserState.SKIP;
    }

    private void headComplete(long ts) {
        MessageBuilder m = msg;
        m.headEndNanos = ts;
        m.headBytes = line.length;
        String bad = HeadParser.parse(line.bytes, line.length, m, ts);
        if (bad != null) {
            conn.report(requests ? AnomalyType.HTTP_BAD_REQUEST_LINE : AnomalyType.HTTP_BAD_STATUS_LINE, ts, bad);
            dropMessage();
            int dropped = line.length; // counted as skipped on the way to the next message
            enterResync(ts);
            resync.count(dropped);
            return;
        }
        line.length = 0;
        m.holdFields();
        headParsed(m, ts);
        m.letFieldsGo(ts); // only when the budget had no room for them
    }

    void startBody(long framing, long ts) {
        if (framing == FramingRules.NO_BODY) {
            complete(ts);
        } else if (framing == FramingRules.CHUNKED) {
            chunked.start();
            state = ParserState.CHUNKED;
        } else if (framing == FramingRules.UNTIL_CLOSE) {
            state = ParserState.BODY_CLOSE;
        } else if (framing == 0) {
            complete(ts);
        } else {
            remaining = framing;
            state = ParserState.BODY_LENGTH;
        }
    }

    // ---------------------------------------------------------------- bodies

    private int fixedBody(ByteBuffer b, int i, int lim, long ts) {
        int n = (int) Math.min(remaining, lim - i);
        msg.body(b, i, n, cfg.bodyPrefixBytes());
        remaining -= n;
        if (remaining == 0) {
            complete(ts);
        }
        return i + n;
    }

    private int chunked(ByteBuffer b, int i, int lim, long ts) {
        i = chunked.feed(b, i, lim, ts, msg);
        switch (chunked.outcome()) {
            case DONE -> complete(ts);
            case BAD -> badChunk(ts, chunked.problem());
            case TRAILERS_TOO_LARGE -> {
                msg.anomaly(AnomalyType.HTTP_HEADER_TOO_LARGE, ts, "section=trailers, " + line.limits(cfg.maxHeaderBytes()));
                undecodedBytes += line.length;
                cutShort();
                state = ParserState.DEAD;
            }
            case MORE -> {
            }
        }
        return i;
    }

    private void badChunk(long ts, String detail) {
        msg.anomaly(AnomalyType.HTTP_BAD_CHUNK, ts, detail);
        int dropped = line.length; // counted as skipped on the way to the next message
        cutShort();
        enterResync(ts);
        resync.count(dropped);
    }

    // ---------------------------------------------------------------- message end

    private void complete(long ts) {
        msg.complete = true;
        msg.lastByteNanos = ts;
        finishMessage();
    }

    /** The message ends without its framing being satisfied; the caller recorded why. */
    private void cutShort() {
        msg.complete = false;
        msg.lastByteNanos = Math.max(lastDataTs, msg.headEndNanos);
        msg.holdAfter = false;
        finishMessage();
    }

    void finishMessage() {
        MessageBuilder m = msg;
        msg = null;
        line.clear();
        state = ParserState.START;
        messageEnded(m);
    }

    /** A head ends before its empty line: keep what its complete lines say (if wanted), as an incomplete message. */
    private void abortHead(AnomalyType why, long ts, String detail, boolean keepFields) {
        MessageBuilder m = msg;
        msg = null;
        int end = line.start;
        if (keepFields && end > 0 && HeadParser.parse(line.bytes, end, m, ts) == null) {
            m.headBytes = end;
            m.headEndNanos = Math.max(lastDataTs, m.firstByteNanos);
            m.lastByteNanos = m.headEndNanos;
            m.complete = false;
            m.anomaly(why, ts, detail);
            undecodedBytes += line.length - end;
            partialHead(m, ts);
        } else {
            conn.flush(m);
            conn.report(why, ts, detail + ", head_bytes_seen=" + line.length);
            undecodedBytes += line.length;
        }
        line.clear();
        state = ParserState.START;
    }

    /** {@code noRoom}: the run's budget is spent, not the head's limit: no room for its lines as fields either. */
    private void headerTooLarge(long ts, boolean noRoom) {
        abortHead(AnomalyType.HTTP_HEADER_TOO_LARGE, ts, line.limits(cfg.maxHeaderBytes()), !noRoom);
        state = ParserState.DEAD;
    }

    void dropMessage() {
        if (msg != null) {
            conn.flush(msg);
            msg = null;
        }
    }

    // ---------------------------------------------------------------- gaps and resync

    /** {@code length} bytes at stream offset {@code offset} were never seen. */
    void gap(long offset, long length, long ts) {
        if (length <= 0) {
            return;
        }
        switch (state) {
            case START, SKIP, UNDECODABLE -> enterResync(ts);
            case RESYNC -> {
                resync.count(line.length);
                enterResync(ts);
            }
            case HEAD -> {
                abortHead(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "state=head, gap=" + length, true);
                enterResync(ts);
            }
            case BODY_LENGTH -> bodyGap(length, ts);
            case CHUNKED -> chunkedGap(length, ts);
            case BODY_CLOSE -> {
                // Nothing can follow a close-delimited body on this connection, so its end is still the FIN.
                msg.anomaly(AnomalyType.HTTP_GAP_IN_BODY, ts, "framing=close-delimited, gap=" + length);
                msg.bodyGap(length);
            }
            case HOLD -> conn.holdGap(offset, length);
            case TUNNEL -> conn.tunnelGap(direction, offset, length, ts);
            case DEAD -> {
            }
            default -> throw new AssertionError(state);
        }
    }

    /** A gap in a Content-Length body: the body stays in sync unless the gap runs past its end. */
    private void bodyGap(long length, long ts) {
        long inBody = Math.min(length, remaining);
        msg.anomaly(AnomalyType.HTTP_GAP_IN_BODY, ts, "framing=content-length, gap=" + length);
        msg.bodyGap(inBody);
        remaining -= inBody;
        long over = length - inBody;
        if (over == 0) {
            if (remaining == 0) {
                complete(ts);
            }
            return;
        }
        complete(ts);
        conn.report(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "direction=" + direction.shortName()
                + ", gap past the body end by " + over + "; following messages may be lost");
        if (state == ParserState.START || state == ParserState.HOLD) {
            enterResync(ts);
        }
    }

    /** A gap in chunk data keeps the coding in sync while it stays inside the chunk; elsewhere it cuts the message. */
    private void chunkedGap(long length, long ts) {
        if (!chunked.inData()) {
            msg.anomaly(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "state=" + stateName() + ", gap=" + length);
            cutShort();
            enterResync(ts);
            return;
        }
        msg.anomaly(AnomalyType.HTTP_GAP_IN_BODY, ts, "framing=chunked, gap=" + length);
        long over = chunked.skipData(length, msg);
        if (over > 0) {
            msg.anomaly(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "state=chunk-data, gap past the chunk end by " + over);
            cutShort();
            if (state == ParserState.START || state == ParserState.HOLD) {
                enterResync(ts);
            }
        }
    }

    void enterResync(long ts) {
        state = ParserState.RESYNC;
        resync.start(ts);
    }

    private int resync(ByteBuffer b, int i, int lim, long ts) {
        i = resync.scan(b, i, lim, ts);
        if (resync.found()) {
            msg = new MessageBuilder(requests, conn.keptBytes());
            msg.firstByteNanos = resync.candidateTs();
            heads.start(false);
            if (resync.foundBareLf()) {
                bareLf(ts);
            }
            state = ParserState.HEAD;
        }
        return i;
    }

    // ---------------------------------------------------------------- FIN, end, switching

    /** The sender closed this direction: a close-delimited body ends here, anything else is cut short. */
    void fin(long ts) {
        if (!closed) {
            closed = true;
            endOfStream(ts, "fin");
        }
    }

    void end(long ts) {
        endOfStream(ts, "end");
        if (state == ParserState.HOLD) {
            state = ParserState.DEAD;
        }
        line.clear(); // what the run's budget lent goes back
    }

    private void endOfStream(long ts, String why) {
        switch (state) {
            case HEAD -> abortHead(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by " + why + " in the head", true);
            case BODY_LENGTH, CHUNKED -> {
                boolean inData = state == ParserState.BODY_LENGTH || chunked.inData();
                msg.anomaly(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by " + why + " in state=" + stateName()
                        + (inData ? ", remaining=" + (state == ParserState.CHUNKED ? chunked.remaining() : remaining) : ""));
                cutShort();
            }
            case BODY_CLOSE -> {
                msg.complete = true;
                msg.lastByteNanos = ts;
                finishMessage();
            }
            case RESYNC -> {
                undecodableReported |= resync.reportNotFound(ts, line.length, undecodableReported);
                undecodedBytes += line.length;
                line.length = 0;
                state = ParserState.DEAD;
            }
            default -> {
            }
        }
    }

    /** Mid-stream start: the first bytes may be the middle of a message, so look for a start line first. */
    void startMidStream(long ts, long skippedBefore) {
        if (state == ParserState.START && msg == null) {
            enterResync(ts);
            resync.count(skippedBefore);
        }
    }

    void enterHold() {
        state = ParserState.HOLD;
    }

    /** Back to HTTP after a held request was answered without a switch. */
    void leaveHold() {
        if (state == ParserState.HOLD) {
            state = ParserState.START;
        }
    }

    /**
     * The connection switched. A request body still arriving is consumed first (its length is known), so the
     * next protocol starts at the right byte; any other message in progress is cut short.
     */
    void enterTunnel(long ts) {
        if (switchesAfterBody()) {
            return;
        }
        if (state == ParserState.HEAD) {
            abortHead(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by the protocol switch in the head", true);
        } else if (state == ParserState.BODY_CLOSE) {
            msg.anomaly(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by the protocol switch");
            cutShort();
        }
        line.clear(); // what the run's budget lent goes back: the next protocol does not use it
        state = ParserState.TUNNEL;
    }

    private void bareLf(long ts) {
        if (!bareLfReported) {
            bareLfReported = true;
            if (msg != null) {
                msg.anomaly(AnomalyType.HTTP_BARE_LF, ts, "direction=" + direction.shortName());
            } else {
                conn.report(AnomalyType.HTTP_BARE_LF, ts, "direction=" + direction.shortName());
            }
        }
    }

    private String stateName() {
        return state == ParserState.CHUNKED ? chunked.stepName() : state.reportName();
    }
}
