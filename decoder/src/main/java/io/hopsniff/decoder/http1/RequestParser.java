package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.tcp.Direction;

/** The client side: requests, their framing (RFC 9112 §6.3 rules 6-7), and the body read past a switch. */
final class RequestParser extends Http1Parser {

    /** The connection switched while this request's body was still arriving. */
    private boolean tunnelAfterBody;

    RequestParser(Http1Connection conn, Http1Config cfg) {
        super(conn, Direction.CLIENT_TO_SERVER, cfg);
    }

    @Override
    void headParsed(MessageBuilder m, long ts) {
        conn.requestHead(m, ts);
        long framing = FramingRules.request(m, ts);
        if (framing == FramingRules.UNKNOWN) {
            m.holdAfter = false;
            m.complete = false;
            m.lastByteNanos = ts;
            finishMessage();
            state = ParserState.UNDECODABLE;
            return;
        }
        startBody(framing, ts);
    }

    @Override
    void messageEnded(MessageBuilder m) {
        if (tunnelAfterBody) {
            tunnelAfterBody = false;
            state = ParserState.TUNNEL;
            return;
        }
        conn.requestDone(m);
    }

    @Override
    void partialHead(MessageBuilder m, long ts) {
        conn.requestHead(m, ts);
        conn.requestDone(m);
    }

    /** A request body still arriving is consumed first (its length is known), so the tunnel starts at its end. */
    @Override
    boolean switchesAfterBody() {
        if (isInBody()) {
            tunnelAfterBody = true;
        }
        return tunnelAfterBody;
    }
}
