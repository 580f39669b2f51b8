package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.anomaly.Details;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.tcp.Direction;

/** The server side: responses, their framing (RFC 9112 §6.3), the switch on a 101 or a CONNECT 2xx. */
final class ResponseParser extends Http1Parser {

    /** The last final response could have no body, so stray bytes after it are a body it sent anyway. */
    private boolean afterNoBody;

    ResponseParser(Http1Connection conn, Http1Config cfg) {
        super(conn, Direction.SERVER_TO_CLIENT, cfg);
    }

    @Override
    void headParsed(MessageBuilder m, long ts) {
        PendingExchange px = conn.responseHead(m, ts);
        String method = px.method();
        int s = m.status;
        afterNoBody = false;
        if (s == 101 || ("CONNECT".equals(method) && s >= 200 && s < 300)) {
            m.framing = BodyFraming.TUNNEL;
            m.complete = true;
            m.lastByteNanos = ts;
            msg = null;
            state = ParserState.TUNNEL;
            conn.switchProtocols(px, m, ts);
            return;
        }
        long framing = FramingRules.response(m, method, ts);
        if (!m.isInterim()) {
            conn.finalResponseHead(px, ts);
        }
        startBody(framing, ts);
    }

    @Override
    void messageEnded(MessageBuilder m) {
        afterNoBody = !m.isInterim() && m.framing == BodyFraming.NONE;
        conn.responseDone(m);
    }

    @Override
    void partialHead(MessageBuilder m, long ts) {
        conn.responseHead(m, ts);
        conn.responseDone(m);
    }

    /** RFC 9110 §6.4.1: a 204/304/HEAD answer has no body, so these bytes are one the server sent anyway. */
    @Override
    boolean explainsStrayBytes(long ts) {
        if (!afterNoBody) {
            return false;
        }
        conn.report(AnomalyType.HTTP_BODY_AFTER_NO_BODY_RESPONSE, ts, "first_byte=" + Details.hexByte(line.bytes[0]));
        dropMessage();
        afterNoBody = false;
        int seen = line.length;
        boolean midLine = line.bytes[seen - 1] != '\n';
        enterResync(ts);
        if (midLine) {
            resync.discardToLineEnd();
        }
        resync.count(seen);
        return true;
    }
}
