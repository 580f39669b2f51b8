package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.List;

/**
 * What correlation keeps of one exchange with a request: no bodies, the request head in full.
 *
 * @param headers         request headers in wire order, names as sent
 * @param responseHeaders final response headers (for the WebSocket accept), empty when no response
 * @param status          final status, 0 when none came
 * @param responseFirst   first byte of the final response, 0 when none
 * @param requestLast     when the request had been sent ({@link HttpRequest#sentNanos}: a tunnel's head end)
 * @param responseLast    last byte of the final response (its head end for a 101 or a tunnel's 2xx), 0 when none
 * @param leg             null while the legs are not decided yet (they may be inferred at the end)
 * @param server          the connection's server side (the proxy's listener on the front leg), or null
 * @param websocket       the WebSocket session that followed a 101, or null
 */
public record LegExchange(long id, long connection, Leg leg, Endpoint client, String method, String target,
                          List<HttpHeader> headers, long requestFirst, long requestLast, int status,
                          List<HttpHeader> responseHeaders, long responseFirst, long responseLast, Endpoint server,
                          WebSocketSession websocket) {

    public LegExchange {
        headers = PackedHeaders.of(headers);
        responseHeaders = PackedHeaders.of(responseHeaders);
    }

    /** Without a server endpoint or WebSocket session (tests of the matcher). */
    public LegExchange(long id, long connection, Leg leg, Endpoint client, String method, String target,
                       List<HttpHeader> headers, long requestFirst, long requestLast, int status,
                       List<HttpHeader> responseHeaders, long responseFirst, long responseLast) {
        this(id, connection, leg, client, method, target, headers, requestFirst, requestLast, status, responseHeaders,
                responseFirst, responseLast, null, null);
    }

    /** Null when the exchange has no request (a response seen alone says nothing about who caused it). */
    public static LegExchange of(HttpExchange e, Endpoint client, Leg leg) {
        return of(e, client, null, leg, null);
    }

    public static LegExchange of(HttpExchange e, Endpoint client, Endpoint server, Leg leg, WebSocketSession websocket) {
        HttpRequest q = e.request();
        if (q == null) {
            return null;
        }
        HttpResponse r = e.response();
        return new LegExchange(e.id(), e.connectionId(), leg, client, q.method(), q.target(), q.headers(),
                q.firstByteNanos(), q.sentNanos(), r == null ? 0 : r.status(),
                r == null ? List.of() : r.headers(), r == null ? 0 : r.firstByteNanos(),
                r == null ? 0 : r.status() == 101 || r.framing() == BodyFraming.TUNNEL
                        ? Math.max(r.headEndNanos(), r.firstByteNanos()) : r.lastByteNanos(),
                server, websocket);
    }

    /** The same exchange on a leg decided later. */
    public LegExchange withLeg(Leg decided) {
        return new LegExchange(id, connection, decided, client, method, target, headers, requestFirst, requestLast,
                status, responseHeaders, responseFirst, responseLast, server, websocket);
    }

    /** Asks to switch protocols the HTTP/1.1 way: an Upgrade field, or any Sec-WebSocket-* field (a stripped one). */
    public boolean asksUpgrade() {
        return header("Upgrade") != null || io.hopsniff.decoder.ws.WebSocketHandshake.hasSecWebSocket(headers);
    }

    /** Carries any header a proxy adds to what it forwards (X-Forwarded-*, X-Real-Ip, Forwarded, Via). */
    public boolean forwarded() {
        for (HttpHeader h : headers) {
            if (isForwardingField(h.name())) {
                return true;
            }
        }
        return false;
    }

    /** X-Forwarded-*, X-Real-Ip, Forwarded (RFC 7239) or Via (RFC 9110 §7.6.3): what a proxy adds. */
    static boolean isForwardingField(String name) {
        return name.regionMatches(true, 0, "X-Forwarded-", 0, 12) || name.equalsIgnoreCase("X-Real-Ip")
                || name.equalsIgnoreCase("Forwarded") || name.equalsIgnoreCase("Via");
    }

    /** The first value of a header (name compared case-insensitively), or null. */
    public String header(String name) {
        return PackedHeaders.first(headers, name);
    }

    public boolean answered() {
        return status != 0;
    }
}
