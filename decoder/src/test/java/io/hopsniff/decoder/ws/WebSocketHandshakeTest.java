package io.hopsniff.decoder.ws;

import static io.hopsniff.decoder.ws.Exchanges.exchange;
import static io.hopsniff.decoder.ws.Exchanges.request;
import static io.hopsniff.decoder.ws.Exchanges.response101;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {

    private static List<Anomaly> check(HttpExchange e) {
        List<Anomaly> out = new ArrayList<>();
        WebSocketHandshake.check(e, 3, out::add, 42);
        return out;
    }

    private static List<AnomalyType> types(HttpExchange e) {
        return check(e).stream().map(Anomaly::type).toList();
    }

    private static List<String> without(List<String> lines, String name) {
        List<String> out = new ArrayList<>(lines);
        out.removeIf(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1));
        return out;
    }

    private static List<String> with(List<String> lines, String name, String value) {
        List<String> out = without(lines, name);
        out.add(name + ": " + value);
        return out;
    }

    private static List<AnomalyType> req(UnaryOperator<List<String>> edit) {
        return types(exchange("GET", "HTTP/1.1", edit.apply(request()), 101, response101()));
    }

    private static List<AnomalyType> resp(UnaryOperator<List<String>> edit) {
        return types(exchange("GET", "HTTP/1.1", request(), 101, edit.apply(response101())));
    }

    @Test
    void rfc6455Section13AcceptValue() {
        assertThat(WebSocketHandshake.acceptFor(Exchanges.KEY)).isEqualTo(Exchanges.ACCEPT);
        assertThat(WebSocketHandshake.isValidKey(Exchanges.KEY)).isTrue();
    }

    @Test
    void acceptValueIsTheKeysWhateverWasAskedBefore() {
        // RFC 6455 section 1.3's example, and a key whose accept is known from RFC 6455 section 4.2.2's recipe
        String other = "x3JJHMbDL1EzLkh9GBhXDw==";
        String otherAccept = "HSmrc0sMlYUkAGmm5OPpG2HaGWk=";
        for (int i = 0; i < 3; i++) {
            assertThat(WebSocketHandshake.acceptFor(Exchanges.KEY)).isEqualTo(Exchanges.ACCEPT);
            assertThat(WebSocketHandshake.acceptFor(Exchanges.KEY)).isEqualTo(Exchanges.ACCEPT);
            assertThat(WebSocketHandshake.acceptFor(other)).isEqualTo(otherAccept);
        }
    }

    @Test
    void validHandshakeHasNoAnomaly() {
        assertThat(check(Exchanges.valid())).isEmpty();
        // header names in any case, tokens in lists, Go-canonical names as Caddy sends them
        assertThat(req(l -> with(with(l, "Connection", "keep-alive, Upgrade"), "Upgrade", "WebSocket"))).isEmpty();
        assertThat(resp(l -> with(without(l, "Sec-WebSocket-Accept"), "Sec-Websocket-Accept", Exchanges.ACCEPT)))
                .isEmpty();
    }

    @Test
    void notAWebSocketRequestIsIgnored() {
        List<String> plain = List.of("Host: a", "Connection: Upgrade", "Upgrade: h2c");
        assertThat(types(exchange("GET", "HTTP/1.1", plain, 101, List.of("Upgrade: h2c")))).isEmpty();
        assertThat(types(new HttpExchange(1, 1, 0, null, List.of(), null))).isEmpty();
        WebSocketHandshake.check(null, 1, a -> { }, 0);
    }

    @Test
    void requestChecks() {
        assertThat(types(exchange("POST", "HTTP/1.1", request(), 0, null))).containsExactly(AnomalyType.WS_METHOD_NOT_GET);
        assertThat(types(exchange("GET", "HTTP/1.0", request(), 0, null))).containsExactly(AnomalyType.WS_HTTP10_UPGRADE);
        assertThat(req(l -> without(l, "Host"))).containsExactly(AnomalyType.WS_HOST_MISSING);
        assertThat(req(l -> with(l, "Connection", "keep-alive"))).containsExactly(AnomalyType.WS_CONNECTION_TOKEN_MISSING);
        assertThat(req(l -> without(l, "Sec-WebSocket-Key"))).contains(AnomalyType.WS_KEY_MISSING);
        // wsproto accepts a short key with a 101 whose Accept is right for it: only the key is wrong
        assertThat(types(exchange("GET", "HTTP/1.1", with(request(), "Sec-WebSocket-Key", "test"), 101,
                with(response101(), "Sec-WebSocket-Accept", WebSocketHandshake.acceptFor("test")))))
                .containsExactly(AnomalyType.WS_KEY_INVALID);
        assertThat(req(l -> with(l, "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ"))).contains(AnomalyType.WS_KEY_INVALID);
        assertThat(req(l -> without(l, "Sec-WebSocket-Version"))).containsExactly(AnomalyType.WS_VERSION_MISSING);
        assertThat(req(l -> with(l, "Sec-WebSocket-Version", "8"))).containsExactly(AnomalyType.WS_VERSION_UNSUPPORTED);
    }

    @Test
    void strippedHopByHopHeaders() {
        // what a proxy without "proxy_set_header Upgrade" sends: the Sec-WebSocket-* fields alone, over HTTP/1.0
        List<String> q = without(without(request(), "Upgrade"), "Connection");
        List<Anomaly> found = check(exchange("GET", "HTTP/1.0", q, 404, List.of("Content-Type: application/json")));
        assertThat(found).extracting(Anomaly::type).containsExactly(AnomalyType.WS_HTTP10_UPGRADE,
                AnomalyType.WS_UPGRADE_TOKEN_MISSING, AnomalyType.WS_CONNECTION_TOKEN_MISSING);
        assertThat(found).allMatch(a -> a.transactionId() == 7 && a.connectionId() == 3 && a.timestampNanos() == 42);
        assertThat(found.get(1).detail()).isEqualTo("expected=Upgrade: websocket, found=absent");
    }

    @Test
    void responseChecks() {
        assertThat(resp(l -> without(l, "Upgrade"))).containsExactly(AnomalyType.WS_101_UPGRADE_TOKEN_MISSING);
        assertThat(resp(l -> without(l, "Connection"))).containsExactly(AnomalyType.WS_101_CONNECTION_TOKEN_MISSING);
        assertThat(resp(l -> without(l, "Sec-WebSocket-Accept"))).containsExactly(AnomalyType.WS_ACCEPT_MISSING);
        List<Anomaly> bad = check(exchange("GET", "HTTP/1.1", request(), 101,
                with(response101(), "Sec-WebSocket-Accept", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
        assertThat(bad).extracting(Anomaly::type).containsExactly(AnomalyType.WS_ACCEPT_MISMATCH);
        assertThat(bad.get(0).detail()).isEqualTo("expected=" + Exchanges.ACCEPT + ", found=AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThat(resp(l -> with(l, "Sec-WebSocket-Protocol", "mqtt"))).containsExactly(AnomalyType.WS_SUBPROTOCOL_NOT_OFFERED);
        assertThat(resp(l -> with(l, "Sec-WebSocket-Protocol", "chat, superchat")))
                .containsExactly(AnomalyType.WS_SUBPROTOCOL_NOT_OFFERED);
        assertThat(resp(l -> with(l, "Sec-WebSocket-Extensions", "permessage-deflate")))
                .containsExactly(AnomalyType.WS_EXTENSION_NOT_OFFERED);
        assertThat(types(Exchanges.deflate("permessage-deflate; server_no_context_takeover"))).isEmpty();
    }

    @Test
    void refusalOfAWellFormedHandshakeIsInfo() {
        List<Anomaly> refused = check(exchange("GET", "HTTP/1.1", request(), 403, List.of()));
        assertThat(refused).extracting(Anomaly::type).containsExactly(AnomalyType.WS_HANDSHAKE_REFUSED);
        assertThat(refused.get(0).detail()).isEqualTo("expected=101, found=403");
        // a refused malformed handshake is explained by its own anomaly
        assertThat(types(exchange("GET", "HTTP/1.1", with(request(), "Sec-WebSocket-Key", "test"), 400, List.of())))
                .containsExactly(AnomalyType.WS_KEY_INVALID);
        // no answer at all: nothing to say about the server
        assertThat(types(exchange("GET", "HTTP/1.1", request(), 0, null))).isEmpty();
    }

    @Test
    void facts() {
        HandshakeFacts f = HandshakeFacts.of(Exchanges.deflate("permessage-deflate; server_no_context_takeover"));
        assertThat(f.requested()).isTrue();
        assertThat(f.key()).isEqualTo(Exchanges.KEY);
        assertThat(f.keyValid()).isTrue();
        assertThat(f.version()).isEqualTo("13");
        assertThat(f.origin()).isEqualTo("http://example.com");
        assertThat(f.host()).isEqualTo("server.example.com");
        assertThat(f.offeredSubprotocols()).containsExactly("chat", "superchat");
        assertThat(f.acceptedSubprotocols()).containsExactly("chat");
        assertThat(f.offeredExtensions()).containsExactly("permessage-deflate; client_max_window_bits");
        assertThat(f.permessageDeflate()).isTrue();
        assertThat(f.serverNoContextTakeover()).isTrue();
        assertThat(f.clientNoContextTakeover()).isFalse();
        assertThat(f.status()).isEqualTo(101);
        assertThat(f.acceptValid()).isTrue();
        assertThat(f.expectedAccept()).isEqualTo(Exchanges.ACCEPT);
        assertThat(HandshakeFacts.of(null).requested()).isFalse();
        HandshakeFacts refused = HandshakeFacts.of(exchange("GET", "HTTP/1.1", request(), 400, List.of()));
        assertThat(refused.acceptValid()).isFalse();
        assertThat(refused.permessageDeflate()).isFalse();
    }
}
