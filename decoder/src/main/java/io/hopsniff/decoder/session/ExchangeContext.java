package io.hopsniff.decoder.session;

import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.ws.KeptMessage;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.decoder.ws.WebSocketDecoder;
import io.hopsniff.decoder.ws.WsConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where an exchange happened and what followed it.
 *
 * @param client, server   the connection's endpoints as the roles stand
 * @param carriedBy        HTTP1, or H2C / HTTP2 for a stream of an HTTP/2 connection
 * @param tunnelOf         the id of the CONNECT exchange whose cleartext tunnel carried this one, or 0
 * @param websocket        for a 101 to WebSocket: the session that followed, else null
 * @param messages         WebSocket message prefixes kept with --ws-payload-bytes, in order (c2s and s2c mixed,
 *                         by time), else empty
 */
public record ExchangeContext(Endpoint client, Endpoint server, Protocol carriedBy, long tunnelOf,
                              WebSocketSession websocket, List<Message> messages) {

    /** A kept WebSocket message: who sent it, and the decoder's record of it. */
    public record Message(Direction direction, KeptMessage message) {
    }

    public ExchangeContext(Endpoint client, Endpoint server, Protocol carriedBy, long tunnelOf,
                           WebSocketSession websocket) {
        this(client, server, carriedBy, tunnelOf, websocket, List.of());
    }

    /** The messages {@code decoder} kept (with {@code --ws-payload-bytes}), both directions in time order; empty for null. */
    static List<Message> keptMessages(WebSocketDecoder decoder, WsConfig config) {
        if (decoder == null || config.payloadBytesKept() <= 0) {
            return List.of();
        }
        List<Message> kept = new ArrayList<>();
        for (Direction d : Direction.values()) {
            for (KeptMessage m : decoder.keptMessages(d)) {
                kept.add(new Message(d, m));
            }
        }
        kept.sort(Comparator.comparingLong(m -> m.message().timestampNanos()));
        return kept;
    }
}
