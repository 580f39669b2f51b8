package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.http.Headers;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import java.util.List;

/**
 * What a WebSocket opening handshake (RFC 6455 §4) said, for the diagnosis rules: the facts, no verdicts
 * beyond {@code keyValid} and {@code acceptValid}. Every field is null / empty / false when absent.
 *
 * @param requested               the request asks for a WebSocket (Upgrade token "websocket", or a
 *                                Sec-WebSocket-Key / -Version field)
 * @param method, httpVersion     of the request line
 * @param host, origin            Host and Origin as sent (Origin is recorded, never judged here)
 * @param key                     Sec-WebSocket-Key (several fields joined with ", ")
 * @param keyValid                the key is base64 of exactly 16 bytes
 * @param version                 Sec-WebSocket-Version (several fields joined)
 * @param offeredSubprotocols     Sec-WebSocket-Protocol elements of the request
 * @param offeredExtensions       Sec-WebSocket-Extensions elements of the request, parameters kept
 * @param status                  the final response's status, null when none was seen
 * @param acceptedSubprotocols    Sec-WebSocket-Protocol elements of the response (at most one is legal)
 * @param acceptedExtensions      Sec-WebSocket-Extensions elements of the response, parameters kept
 * @param permessageDeflate       a 101 accepted permessage-deflate (RFC 7692), so RSV1 marks compressed messages
 * @param serverNoContextTakeover, clientNoContextTakeover  the accepted permessage-deflate parameters
 * @param accept                  Sec-WebSocket-Accept of the response
 * @param expectedAccept          base64(SHA-1(key + GUID)) for the key as sent, null without a single key
 * @param acceptValid             {@code accept} equals {@code expectedAccept}
 */
public record HandshakeFacts(boolean requested, String method, String httpVersion, String host, String origin,
                             String key, boolean keyValid, String version, List<String> offeredSubprotocols,
                             List<String> offeredExtensions, Integer status, List<String> acceptedSubprotocols,
                             List<String> acceptedExtensions, boolean permessageDeflate,
                             boolean serverNoContextTakeover, boolean clientNoContextTakeover, String accept,
                             String expectedAccept, boolean acceptValid) {

    private static final HandshakeFacts NONE = new HandshakeFacts(false, null, null, null, null, null, false, null,
            List.of(), List.of(), null, List.of(), List.of(), false, false, false, null, null, false);

    public HandshakeFacts {
        offeredSubprotocols = List.copyOf(offeredSubprotocols);
        offeredExtensions = List.copyOf(offeredExtensions);
        acceptedSubprotocols = List.copyOf(acceptedSubprotocols);
        acceptedExtensions = List.copyOf(acceptedExtensions);
    }

    /** The facts of {@code e}; an exchange without a request (or null) gives an all-empty, not-requested value. */
    public static HandshakeFacts of(HttpExchange e) {
        HttpRequest rq = e == null ? null : e.request();
        if (rq == null) {
            return NONE;
        }
        List<HttpHeader> q = rq.headers();
        String key = Headers.of(q).joined("Sec-WebSocket-Key");
        boolean singleKey = key != null && Headers.of(q).count("Sec-WebSocket-Key") == 1;
        HttpResponse rs = e.response();
        List<HttpHeader> r = rs == null ? List.of() : rs.headers();
        // a 101 (RFC 6455 §4.2.2), or a 2xx to an extended CONNECT over HTTP/2 (RFC 8441 §5)
        boolean switched = rs != null && (rs.status() == 101
                || rs.status() >= 200 && rs.status() < 300 && WebSocketHandshake.overHttp2(rq));
        List<String> acceptedExt = Headers.of(r).elements("Sec-WebSocket-Extensions");
        String pmd = null;
        for (String ext : acceptedExt) {
            if (WsHeaders.extensionNames(List.of(ext)).get(0).equals("permessage-deflate")) {
                pmd = ext;
                break;
            }
        }
        String accept = Headers.of(r).joined("Sec-WebSocket-Accept");
        String expected = singleKey ? WebSocketHandshake.acceptFor(key) : null;
        return new HandshakeFacts(WebSocketHandshake.requestsWebSocket(rq), rq.method(), rq.version(),
                Headers.of(q).joined("Host"), Headers.of(q).joined("Origin"), key,
                singleKey && WebSocketHandshake.isValidKey(key), Headers.of(q).joined("Sec-WebSocket-Version"),
                Headers.of(q).elements("Sec-WebSocket-Protocol"), Headers.of(q).elements("Sec-WebSocket-Extensions"),
                rs == null ? null : rs.status(), Headers.of(r).elements("Sec-WebSocket-Protocol"), acceptedExt,
                switched && pmd != null, pmd != null && WsHeaders.hasParam(pmd, "server_no_context_takeover"),
                pmd != null && WsHeaders.hasParam(pmd, "client_no_context_takeover"), accept, expected,
                accept != null && accept.equals(expected));
    }
}
