package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.BodyFraming;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The push state machine of one direction of one connection: requests on the client side, responses on the
 * server side. It consumes every byte it is given: each state either advances or hands over to a state that
 * does. Pairing, holding and switching belong to {@link Http1Connection}.
 */
final class Http1Parser {

    private enum State {
        /** Before a start line; empty lines are skipped (RFC 9112 §2.2). */
        START,
        HEAD,
        BODY_LENGTH,
        CHUNK_SIZE,
        CHUNK_DATA,
        /** The CRLF after a chunk's data. */
        CHUNK_END,
        TRAILERS,
        BODY_CLOSE,
        /** Client bytes after an Upgrade/CONNECT request, kept by the connection until its answer. */
        HOLD,
        TUNNEL,
        /** Not HTTP: counted in nonHttpBytes; a gap sends it to RESYNC. */
        SKIP,
        /** Scanning line starts for a plausible start line; skipped bytes are undecoded. */
        RESYNC,
        /** Framing lost (a request with an unknown coding or bad Content-Length); a gap sends it to RESYNC. */
        UNDECODABLE,
        /** A limit was hit: nothing more is parsed in this direction. */
        DEAD
    }

    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_RESYNC_LINE = 16 * 1024;
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    private final Http1Connection conn;
    private final Direction direction;
    private final boolean requests;
    private final Http1Config cfg;

    private State state = State.START;
    private byte[] acc = new byte[512];
    private int accLen;
    private int lineStart;
    /** Bytes of the start line checked for an HTTP shape; -1 once the check passed. */
    private int sniffed;
    private boolean chunkCr;
    private long remaining;
    private MessageBuilder msg;
    /** Server: the last final response could have no body, so stray bytes after it are its body. */
    private boolean afterNoBody;
    /** Client: the connection switched while this request's body was still arriving. */
    private boolean tunnelAfterBody;
    private boolean resyncDiscarding;
    private long candidateTs;
    private long resyncSkipped;
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
    }

    long nonHttpBytes() {
        return nonHttpBytes;
    }

    long undecodedBytes() {
        return undecodedBytes;
    }

    void countUndecoded(long n) {
        undecodedBytes += n;
    }

    long lastDataTs() {
        return lastDataTs;
    }

    boolean isHolding() {
        return state == State.HOLD;
    }

    boolean isInBody() {
        return state == State.BODY_LENGTH || state == State.CHUNK_SIZE || state == State.CHUNK_DATA
                || state == State.CHUNK_END || state == State.TRAILERS;
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
                case CHUNK_SIZE -> i = chunkSize(b, i, lim, ts);
                case CHUNK_DATA -> i = chunkData(b, i, lim, ts);
                case CHUNK_END -> i = chunkEnd(b, i, ts);
                case TRAILERS -> i = trailers(b, i, lim, ts);
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
                msg = new MessageBuilder(requests);
                msg.firstByteNanos = ts;
                accLen = 0;
                lineStart = 0;
                sniffed = 0;
                state = State.HEAD;
                return i;
            }
            i++;
        }
        return i;
    }

    private int head(ByteBuffer b, int i, int lim, long ts) {
        int max = cfg.maxHeaderBytes();
        while (i < lim) {
            if (accLen >= max) {
                headerTooLarge(ts);
                return i;
            }
            byte c = b.get(i++);
            append(c);
            if (sniffed >= 0 && !sniff(c)) {
                notHttp(ts);
                return i;
            }
            if (c == '\n') {
                if (lineContentEnd(ts) == lineStart) {
                    headComplete(ts);
                    return i;
                }
                lineStart = accLen;
            }
        }
        return i;
    }

    /** Incremental first-bytes check, so that binary or TLS is named at once instead of filling the buffer. */
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

    private void notHttp(long ts) {
        if (!requests && afterNoBody) {
            // RFC 9110 §6.4.1: a 204/304/HEAD answer has no body, so these bytes are one the server sent anyway.
            conn.report(AnomalyType.HTTP_BODY_AFTER_NO_BODY_RESPONSE, ts, "firstByte=" + Details.hexByte(acc[0]));
            dropMessage();
            afterNoBody = false;
            int seen = accLen;
            boolean midLine = acc[seen - 1] != '\n';
            enterResync(ts);
            resyncDiscarding = midLine;
            count(seen);
            return;
        }
        if (!notHttpReported) {
            notHttpReported = true;
            conn.report(AnomalyType.HTTP_NOT_HTTP, ts, "direction=" + direction.shortName() + ", firstBytes="
                    + Details.printable(acc, 0, Math.min(accLen, 8)));
        }
        dropMessage();
        nonHttpBytes += accLen;
        accLen = 0;
        state = State.SKIP;
    }

    private void headComplete(long ts) {
        MessageBuilder m = msg;
        m.headEndNanos = ts;
        m.headBytes = accLen;
        String bad = HeadParser.parse(acc, accLen, m, ts);
        if (bad != null) {
            conn.report(requests ? AnomalyType.HTTP_BAD_REQUEST_LINE : AnomalyType.HTTP_BAD_STATUS_LINE, ts, bad);
            dropMessage();
            undecodedBytes += accLen;
            enterResync(ts);
            return;
        }
        accLen = 0;
        if (requests) {
            requestHead(m, ts);
        } else {
            responseHead(m, ts);
        }
    }

    private void requestHead(MessageBuilder m, long ts) {
        conn.requestHead(m, ts);
        long framing = FramingRules.request(m, ts);
        if (framing == FramingRules.UNKNOWN) {
            m.holdAfter = false;
            m.complete = false;
            m.lastByteNanos = ts;
            finishMessage();
            state = State.UNDECODABLE;
            return;
        }
        startBody(framing, ts);
    }

    private void responseHead(MessageBuilder m, long ts) {
        PendingExchange px = conn.responseHead(m, ts);
        String method = px.method();
        int s = m.status;
        afterNoBody = false;
        if (s == 101 || ("CONNECT".equals(method) && s >= 200 && s < 300)) {
            m.framing = BodyFraming.TUNNEL;
            m.complete = true;
            m.lastByteNanos = ts;
            msg = null;
            state = State.TUNNEL;
            conn.switchProtocols(px, m, ts);
            return;
        }
        long framing = FramingRules.response(m, method, ts);
        if (!m.isInterim()) {
            conn.finalResponseHead(px, ts);
        }
        startBody(framing, ts);
    }

    private void startBody(long framing, long ts) {
        if (framing == FramingRules.NO_BODY) {
            complete(ts);
        } else if (framing == FramingRules.CHUNKED) {
            accLen = 0;
            lineStart = 0;
            state = State.CHUNK_SIZE;
        } else if (framing == FramingRules.UNTIL_CLOSE) {
            state = State.BODY_CLOSE;
        } else if (framing == 0) {
            complete(ts);
        } else {
            remaining = framing;
            state = State.BODY_LENGTH;
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

    private int chunkSize(ByteBuffer b, int i, int lim, long ts) {
        while (i < lim) {
            if (accLen >= MAX_CHUNK_LINE) {
                badChunk(ts, "expected=chunk-size line, found=more than " + MAX_CHUNK_LINE + " bytes without LF");
                return i;
            }
            byte c = b.get(i++);
            append(c);
            if (c == '\n') {
                chunkLine(lineContentEnd(ts), ts);
                return i;
            }
        }
        return i;
    }

    /** RFC 9112 §7.1: {@code chunk-size [ chunk-ext ] CRLF}; extensions are accepted, not kept. */
    private void chunkLine(int end, long ts) {
        int p = 0;
        long size = 0;
        while (p < end && HttpTokens.hexValue(acc[p]) >= 0) {
            if (p == 15) {
                badChunk(ts, "expected=chunk-size below 2^60, found=" + Details.printable(acc, 0, end));
                return;
            }
            size = size * 16 + HttpTokens.hexValue(acc[p++]);
        }
        int digits = p;
        while (p < end && HttpTokens.isOws(acc[p])) {
            p++;
        }
        if (digits == 0 || (p < end && acc[p] != ';')) {
            badChunk(ts, "expected=HEXDIG chunk-size, found=" + Details.printable(acc, 0, end));
            return;
        }
        accLen = 0;
        if (size == 0) {
            lineStart = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private int chunkData(ByteBuffer b, int i, int lim, long ts) {
        int n = (int) Math.min(remaining, lim - i);
        msg.body(b, i, n, cfg.bodyPrefixBytes());
        remaining -= n;
        if (remaining == 0) {
            chunkCr = false;
            state = State.CHUNK_END;
        }
        return i + n;
    }

    private int chunkEnd(ByteBuffer b, int i, long ts) {
        byte c = b.get(i);
        if (c == '\r' && !chunkCr) {
            chunkCr = true;
            return i + 1;
        }
        if (c == '\n') {
            if (!chunkCr) {
                bareLf(ts);
            }
            accLen = 0;
            lineStart = 0;
            state = State.CHUNK_SIZE;
            return i + 1;
        }
        badChunk(ts, "expected=CRLF after chunk data, found=" + Details.hexByte(c));
        return i; // not consumed: the resync scan starts on it
    }

    private int trailers(ByteBuffer b, int i, int lim, long ts) {
        int max = cfg.maxHeaderBytes();
        while (i < lim) {
            if (accLen >= max) {
                msg.anomaly(AnomalyType.HTTP_HEADER_TOO_LARGE, ts, "section=trailers, limit=" + max);
                undecodedBytes += accLen;
                cutShort();
                state = State.DEAD;
                return i;
            }
            byte c = b.get(i++);
            append(c);
            if (c == '\n') {
                if (lineContentEnd(ts) == lineStart) {
                    msg.trailers = HeadParser.fields(acc, 0, accLen, msg, ts);
                    accLen = 0;
                    complete(ts);
                    return i;
                }
                lineStart = accLen;
            }
        }
        return i;
    }

    private void badChunk(long ts, String detail) {
        msg.anomaly(AnomalyType.HTTP_BAD_CHUNK, ts, detail);
        undecodedBytes += accLen;
        cutShort();
        enterResync(ts);
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

    private void finishMessage() {
        MessageBuilder m = msg;
        msg = null;
        accLen = 0;
        lineStart = 0;
        state = State.START;
        if (requests) {
            if (tunnelAfterBody) {
                tunnelAfterBody = false;
                state = State.TUNNEL;
                return;
            }
            conn.requestDone(m);
        } else {
            afterNoBody = !m.isInterim() && m.framing == BodyFraming.NONE;
            conn.responseDone(m);
        }
    }

    /** A head ends before its empty line: keep what its complete lines say, as an incomplete message. */
    private void abortHead(AnomalyType why, long ts, String detail) {
        MessageBuilder m = msg;
        msg = null;
        int end = lineStart;
        if (end > 0 && HeadParser.parse(acc, end, m, ts) == null) {
            m.headBytes = end;
            m.headEndNanos = Math.max(lastDataTs, m.firstByteNanos);
            m.lastByteNanos = m.headEndNanos;
            m.complete = false;
            m.anomaly(why, ts, detail);
            undecodedBytes += accLen - end;
            if (requests) {
                conn.requestHead(m, ts);
                conn.requestDone(m);
            } else {
                conn.responseHead(m, ts);
                conn.responseDone(m);
            }
        } else {
            conn.flush(m);
            conn.report(why, ts, detail + ", headBytesSeen=" + accLen);
            undecodedBytes += accLen;
        }
        accLen = 0;
        lineStart = 0;
        state = State.START;
    }

    private void headerTooLarge(long ts) {
        abortHead(AnomalyType.HTTP_HEADER_TOO_LARGE, ts, "limit=" + cfg.maxHeaderBytes());
        state = State.DEAD;
    }

    private void dropMessage() {
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
                undecodedBytes += accLen;
                resyncSkipped += accLen;
                enterResync(ts);
            }
            case HEAD -> {
                abortHead(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "state=head, gap=" + length);
                enterResync(ts);
            }
            case BODY_LENGTH, CHUNK_DATA -> bodyGap(length, ts);
            case CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                msg.anomaly(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "state=" + stateName() + ", gap=" + length);
                cutShort();
                enterResync(ts);
            }
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

    private void bodyGap(long length, long ts) {
        boolean chunk = state == State.CHUNK_DATA;
        long inBody = Math.min(length, remaining);
        msg.anomaly(AnomalyType.HTTP_GAP_IN_BODY, ts,
                "framing=" + (chunk ? "chunked" : "content-length") + ", gap=" + length);
        msg.bodyGap(inBody);
        remaining -= inBody;
        long over = length - inBody;
        if (over == 0) {
            if (remaining == 0) {
                if (chunk) {
                    chunkCr = false;
                    state = State.CHUNK_END;
                } else {
                    complete(ts);
                }
            }
            return;
        }
        if (chunk) {
            msg.anomaly(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "state=chunk-data, gap past the chunk end by " + over);
            cutShort();
        } else {
            complete(ts);
            conn.report(AnomalyType.HTTP_GAP_IN_MESSAGE, ts, "direction=" + direction.shortName()
                    + ", gap past the body end by " + over + "; following messages may be lost");
        }
        if (state == State.START || state == State.HOLD) {
            enterResync(ts);
        }
    }

    private void enterResync(long ts) {
        state = State.RESYNC;
        accLen = 0;
        lineStart = 0;
        resyncDiscarding = false;
        resyncSkipped = 0;
        candidateTs = ts;
    }

    private int resync(ByteBuffer b, int i, int lim, long ts) {
        int cap = Math.min(cfg.maxHeaderBytes(), MAX_RESYNC_LINE);
        while (i < lim) {
            byte c = b.get(i++);
            if (resyncDiscarding) {
                count(1);
                if (c == '\n') {
                    resyncDiscarding = false;
                }
                continue;
            }
            if (accLen == 0) {
                candidateTs = ts;
            }
            if (accLen >= cap) {
                count(accLen + 1);
                accLen = 0;
                resyncDiscarding = c != '\n';
                continue;
            }
            append(c);
            if (c == '\n') {
                int end = accLen > 1 && acc[accLen - 2] == '\r' ? accLen - 2 : accLen - 1;
                boolean plausible = requests ? HttpTokens.isPlausibleRequestLine(acc, end)
                        : HttpTokens.isPlausibleStatusLine(acc, end);
                if (plausible) {
                    msg = new MessageBuilder(requests);
                    msg.firstByteNanos = candidateTs;
                    sniffed = -1;
                    lineStart = accLen;
                    if (end == accLen - 1) {
                        bareLf(ts);
                    }
                    state = State.HEAD;
                    return i;
                }
                count(accLen);
                accLen = 0;
            }
        }
        return i;
    }

    private void count(long skipped) {
        undecodedBytes += skipped;
        resyncSkipped += skipped;
    }

    // ---------------------------------------------------------------- FIN, end, switching

    /** The sender closed this direction: a close-delimited body ends here, anything else is cut short. */
    void fin(long ts) {
        if (closed) {
            return;
        }
        closed = true;
        endOfStream(ts, "fin");
    }

    void end(long ts) {
        endOfStream(ts, "end");
        if (state == State.HOLD) {
            state = State.DEAD;
        }
    }

    private void endOfStream(long ts, String why) {
        switch (state) {
            case HEAD -> abortHead(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by " + why + " in the head");
            case BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS -> {
                msg.anomaly(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by " + why + " in state=" + stateName()
                        + (state == State.BODY_LENGTH || state == State.CHUNK_DATA ? ", remaining=" + remaining : ""));
                cutShort();
            }
            case BODY_CLOSE -> {
                msg.complete = true;
                msg.lastByteNanos = ts;
                finishMessage();
            }
            case RESYNC -> {
                if (resyncSkipped + accLen > 0 && !undecodableReported) {
                    undecodableReported = true;
                    conn.report(AnomalyType.HTTP_UNDECODABLE_AFTER_GAP, ts, "direction=" + direction.shortName()
                            + ", skipped=" + (resyncSkipped + accLen));
                }
                undecodedBytes += accLen;
                accLen = 0;
                state = State.DEAD;
            }
            default -> {
            }
        }
    }

    /** Mid-stream start: the first bytes may be the middle of a message, so look for a start line first. */
    void startMidStream(long ts) {
        if (state == State.START && msg == null) {
            enterResync(ts);
        }
    }

    void enterHold() {
        state = State.HOLD;
    }

    /** Back to HTTP after a held request was answered without a switch. */
    void leaveHold() {
        if (state == State.HOLD) {
            state = State.START;
        }
    }

    /**
     * The connection switched. A request body still arriving is consumed first (its length is known), so the
     * next protocol starts at the right byte; any other message in progress is cut short.
     */
    void enterTunnel(long ts) {
        if (requests && isInBody()) {
            tunnelAfterBody = true;
            return;
        }
        if (state == State.HEAD) {
            abortHead(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by the protocol switch in the head");
        } else if (state == State.BODY_CLOSE) {
            msg.anomaly(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "cut by the protocol switch");
            cutShort();
        }
        accLen = 0;
        state = State.TUNNEL;
    }

    // ---------------------------------------------------------------- helpers

    private void append(byte c) {
        if (accLen == acc.length) {
            acc = Arrays.copyOf(acc, acc.length * 2);
        }
        acc[accLen++] = c;
    }

    /** The end of the line just completed by LF (before its CR), noting a bare LF. */
    private int lineContentEnd(long ts) {
        int lf = accLen - 1;
        if (lf > lineStart && acc[lf - 1] == '\r') {
            return lf - 1;
        }
        bareLf(ts);
        return lf;
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
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
