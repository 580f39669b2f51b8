package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One exchange: what the proxy sent and what the server answered.
 *
 * @param leg        "front" (client → proxy) or "backend" (proxy → backend); null when no --front was given
 * @param latencyMs  from the request's last byte to the response's first byte
 * @param durationMs from the request's first byte to the response's last byte
 * @param upgrade    the protocol the connection switched to with this exchange ("websocket", "h2c", "connect")
 * @param protocol   "http/1.1", or "h2c" / "http2" for a stream of an HTTP/2 connection
 * @param websocket  for a 101 to WebSocket: the session that followed
 * @param tunnel     for an exchange carried in cleartext inside a CONNECT tunnel, the id of the CONNECT exchange
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionJson(long id, long connection, int sequence, String protocol, String client, String server,
                              String leg, MessageJson request, List<MessageJson> interim, MessageJson response,
                              Double latencyMs, Double durationMs, String upgrade, Long tunnel,
                              WebSocketJson websocket, List<String> anomalies) {

    /** Without a leg. */
    public TransactionJson(long id, long connection, int sequence, String protocol, String client, String server,
                           MessageJson request, List<MessageJson> interim, MessageJson response,
                           Double latencyMs, Double durationMs, String upgrade, Long tunnel,
                           WebSocketJson websocket, List<String> anomalies) {
        this(id, connection, sequence, protocol, client, server, null, request, interim, response, latencyMs,
                durationMs, upgrade, tunnel, websocket, anomalies);
    }

    public TransactionJson withLeg(String leg) {
        return new TransactionJson(id, connection, sequence, protocol, client, server, leg, request, interim, response,
                latencyMs, durationMs, upgrade, tunnel, websocket, anomalies);
    }
}
