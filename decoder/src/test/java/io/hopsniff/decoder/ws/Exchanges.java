package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Builds handshake exchanges for tests: "Name: value" lines, RFC 6455 §1.3's example as the default. */
final class Exchanges {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    static final long RESPONSE_NANOS = 1_000_000L;

    private Exchanges() {
    }

    static List<String> request() {
        return new ArrayList<>(List.of("Host: server.example.com", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Origin: http://example.com",
                "Sec-WebSocket-Protocol: chat, superchat", "Sec-WebSocket-Version: 13"));
    }

    static List<String> response101() {
        return new ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Accept: " + ACCEPT, "Sec-WebSocket-Protocol: chat"));
    }

    static HttpExchange exchange(String method, String version, List<String> req, int status, List<String> resp) {
        HttpRequest rq = new HttpRequest(method, "/chat", version, headers(req), List.of(), 0, 0, 0, 0, 0,
                new byte[0], BodyFraming.NONE, true);
        HttpResponse rs = status == 0 ? null : new HttpResponse("HTTP/1.1", status, "x", headers(resp), List.of(),
                RESPONSE_NANOS, RESPONSE_NANOS, RESPONSE_NANOS, 0, 0, new byte[0],
                status == 101 ? BodyFraming.TUNNEL : BodyFraming.NONE, true);
        return new HttpExchange(7, 3, 0, rq, List.of(), rs);
    }

    static HttpExchange valid() {
        return exchange("GET", "HTTP/1.1", request(), 101, response101());
    }

    /** A valid handshake that negotiated permessage-deflate with the given response parameters. */
    static HttpExchange deflate(String responseExtension) {
        List<String> q = request();
        q.add("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
        List<String> r = response101();
        r.add("Sec-WebSocket-Extensions: " + responseExtension);
        return exchange("GET", "HTTP/1.1", q, 101, r);
    }

    static List<HttpHeader> headers(List<String> lines) {
        List<HttpHeader> out = new ArrayList<>();
        for (String l : lines) {
            int c = l.indexOf(':');
            out.add(new HttpHeader(l.substring(0, c), l.substring(c + 1).trim()));
        }
        return out;
    }
}
