package io.hopsniff.decoder.session;

import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.ws.WebSocketSession;

/**
 * Where an exchange happened and what followed it.
 *
 * @param client, server   the connection's endpoints as the roles stand
 * @param carriedBy        "http/1.1", or "h2c" / "http2" for a stream of an HTTP/2 connection
 * @param tunnelOf         the id of the CONNECT exchange whose cleartext tunnel carried this one, or 0
 * @param websocket        for a 101 to WebSocket: the session that followed, else null
 */
public record ExchangeContext(Endpoint client, Endpoint server, String carriedBy, long tunnelOf,
                              WebSocketSession websocket) {

    public static ExchangeContext http1(Endpoint client, Endpoint server) {
        return new ExchangeContext(client, server, "http/1.1", 0, null);
    }
}
