package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.ws.WebSocketSession;

/**
 * An exchange the diagnosis keeps in full: an upgrade attempt, a CONNECT, an HTTP/2 preface read as {@code PRI *},
 * a 101, or a request left unanswered.
 *
 * @param websocket the session that followed a 101, or null (none, or not decoded)
 */
public record ExchangeFact(HttpExchange exchange, String client, String server, String carriedBy, long tunnelOf,
                           WebSocketSession websocket) {

    public static ExchangeFact of(HttpExchange exchange, ExchangeContext context) {
        return new ExchangeFact(exchange, context.client().toString(), context.server().toString(),
                context.carriedBy().label(), context.tunnelOf(), context.websocket());
    }

    public long id() {
        return exchange.id();
    }

    public long connectionId() {
        return exchange.connectionId();
    }
}
