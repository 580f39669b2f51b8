package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.ws.WebSocketSession;

/**
 * An exchange the diagnosis keeps in full: an upgrade attempt, a CONNECT, an HTTP/2 preface read as {@code PRI *},
 * a 101, or a request left unanswered.
 *
 * @param websocket the session that followed a 101, or null (none, or not decoded)
 * @param kind what the exchange was as a WebSocket handshake ({@link Handshakes#classify}), judged once when the
 *             fact is kept: most rules ask it of every fact, and at the end of a run, on the main thread, that was
 *             most of the diagnoses' time (300 MB with 10 000 flows: 27 of 40 ms)
 */
public record ExchangeFact(HttpExchange exchange, String client, String server, String carriedBy, long tunnelOf,
                           WebSocketSession websocket, Handshakes.Kind kind) {

    public static ExchangeFact of(HttpExchange exchange, ExchangeContext context) {
        return new ExchangeFact(exchange, context.client().toString(), context.server().toString(),
                context.carriedBy().label(), context.tunnelOf(), context.websocket(),
                Handshakes.classify(exchange.request(), exchange.response(), context.websocket()));
    }

    public long id() {
        return exchange.id();
    }

    public long connectionId() {
        return exchange.connectionId();
    }
}
