package io.hopsniff.decoder.h2;

import static io.hopsniff.decoder.h2.H2Script.C;
import static io.hopsniff.decoder.h2.H2Script.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WebSockets over HTTP/2 streams (RFC 8441): the stream's DATA carries RFC 6455 frames once a 2xx answered an
 * extended CONNECT for {@code websocket}. The frames are RFC 6455 §5.7's own examples, so every expected count and
 * code comes from the RFCs, not from the decoder.
 */
class H2WebSocketTest {

    private static final int END_HEADERS = H2Names.FLAG_END_HEADERS;
    private static final int END_STREAM = H2Names.FLAG_END_STREAM;

    /** RFC 6455 §5.7: a single-frame masked text message "Hello" (client to server). */
    private static final byte[] MASKED_HELLO = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    /** RFC 6455 §5.7: a single-frame unmasked text message "Hello" (server to client). */
    private static final byte[] HELLO = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    /** A close frame with status 1000 (RFC 6455 §5.5.1, §7.4.1), unmasked (server) and masked with key 0 (client). */
    private static final byte[] CLOSE_1000 = bytes(0x88, 0x02, 0x03, 0xe8);
    private static final byte[] MASKED_CLOSE_1000 = bytes(0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8);

    /** The server's SETTINGS enable extended CONNECT (RFC 8441 §3), then the client opens stream 1 with one. */
    private static H2Script handshake(String status) {
        return new H2Script().raw(C, FrameReader.PREFACE).frame(C, H2Names.SETTINGS, 0, 0)
                .frame(S, H2Names.SETTINGS, 0, 0, H2Script.setting(H2Names.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1))
                .headers(C, 1, END_HEADERS, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "http",
                        ":path", "/ws/abc123", ":authority", "backend:12656", "sec-websocket-version", "13")
                .headers(S, 1, END_HEADERS, ":status", status);
    }

    /** RFC 8441 §5.1's exchange: a message each way, a close handshake started by the server, both sides ended. */
    private static H2Script session() {
        return handshake("200")
                .frame(C, H2Names.DATA, 0, 1, MASKED_HELLO)
                .frame(S, H2Names.DATA, 0, 1, HELLO)
                .frame(S, H2Names.DATA, 0, 1, CLOSE_1000)
                .frame(C, H2Names.DATA, 0, 1, MASKED_CLOSE_1000)
                .frame(C, H2Names.DATA, END_STREAM, 1)
                .frame(S, H2Names.DATA, END_STREAM, 1);
    }

    @Test
    void framesOnAStreamAnsweredWith200AreTheWebSocketsFrames() {
        H2Script.Result r = session().run(H2Config.DEFAULTS, null);
        assertThat(r.exchanges).hasSize(1);
        HttpExchange e = r.exchanges.get(0);
        assertThat(e.request().method()).isEqualTo("CONNECT");
        assertThat(e.response().status()).isEqualTo(200);
        assertThat(e.switchedTo()).isEqualTo("websocket");
        WebSocketSession ws = r.websockets.get(e.id());
        assertThat(ws).isNotNull();
        assertThat(ws.c2s().frames()).isEqualTo(2);
        assertThat(ws.s2c().frames()).isEqualTo(2);
        assertThat(ws.c2s().messages()).isEqualTo(1);
        assertThat(ws.s2c().payloadBytes()).isEqualTo(5 + 2);
        assertThat(ws.s2c().closeCode()).isEqualTo(1000);
        assertThat(ws.c2s().closeCode()).isEqualTo(1000);
        assertThat(ws.closeHandshakeCompleted()).isTrue();
        assertThat(ws.closedBy()).isEqualTo("server");
        assertThat(ws.undecodable()).isFalse();
        assertThat(types(r.anomalies)).noneMatch(t -> t.name().startsWith("WS_"));
    }

    /** The stream's DATA are frames, not a body: counted, never kept as a body prefix. */
    @Test
    void theFramesAreNotABody() {
        H2Script.Result r = session().run(H2Config.DEFAULTS.withBodyPrefixBytes(64), null);
        HttpExchange e = r.exchanges.get(0);
        assertThat(e.response().bodyBytes()).isEqualTo(HELLO.length + CLOSE_1000.length);
        assertThat(e.request().bodyBytes()).isEqualTo(MASKED_HELLO.length + MASKED_CLOSE_1000.length);
        assertThat(e.response().bodyPrefix()).isEmpty();
        assertThat(e.request().bodyPrefix()).isEmpty();
    }

    @Test
    void theSameAtEverySplit() {
        H2Script script = session();
        int total = script.chunks.stream().mapToInt(c -> c.bytes().length).sum();
        for (int at = 1; at < total; at++) {
            H2Script.Result r = script.run(H2Config.DEFAULTS, null, List.of(at));
            WebSocketSession ws = r.websockets.get(r.exchanges.get(0).id());
            assertThat(ws.c2s().frames()).as("split at %d", at).isEqualTo(2);
            assertThat(ws.s2c().frames()).as("split at %d", at).isEqualTo(2);
            assertThat(ws.closeHandshakeCompleted()).as("split at %d", at).isTrue();
            assertThat(types(r.anomalies)).as("split at %d", at).noneMatch(t -> t.name().startsWith("WS_"));
        }
    }

    @Test
    void aRefusedExtendedConnectCarriesNoWebSocket() {
        H2Script.Result r = handshake("404").frame(S, H2Names.DATA, END_STREAM, 1, bytes('{', '}'))
                .frame(C, H2Names.DATA, END_STREAM, 1).run(H2Config.DEFAULTS, null);
        assertThat(r.exchanges).hasSize(1);
        assertThat(r.exchanges.get(0).switchedTo()).isNull();
        assertThat(r.websockets).isEmpty();
    }

    @Test
    void aPlainConnectTunnelIsNotAWebSocket() {
        H2Script.Result r = new H2Script().raw(C, FrameReader.PREFACE).frame(C, H2Names.SETTINGS, 0, 0)
                .frame(S, H2Names.SETTINGS, 0, 0)
                .headers(C, 1, END_HEADERS, ":method", "CONNECT", ":authority", "example.com:443")
                .headers(S, 1, END_HEADERS, ":status", "200")
                .frame(C, H2Names.DATA, END_STREAM, 1, HELLO).frame(S, H2Names.DATA, END_STREAM, 1)
                .run(H2Config.DEFAULTS, null);
        assertThat(r.exchanges.get(0).switchedTo()).isEqualTo("connect");
        assertThat(r.websockets).isEmpty();
    }

    /** RFC 6455 §5.1: a server must not mask; the anomaly names the stream's exchange. */
    @Test
    void aMaskedServerFrameIsNamedWithTheStreamsExchange() {
        H2Script.Result r = handshake("200").frame(S, H2Names.DATA, 0, 1, MASKED_HELLO)
                .frame(S, H2Names.DATA, END_STREAM, 1).frame(C, H2Names.DATA, END_STREAM, 1)
                .run(H2Config.DEFAULTS, null);
        long id = r.exchanges.get(0).id();
        assertThat(id).isPositive();
        assertThat(r.anomalies).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.WS_SERVER_FRAME_MASKED);
            assertThat(a.transactionId()).isEqualTo(id);
            assertThat(a.connectionId()).isEqualTo(7);
        });
    }

    /** RST_STREAM ends the WebSocket as a TCP RST would (RFC 8441 §5): no close handshake, reset by its sender. */
    @Test
    void aResetStreamEndsTheWebSocketAbruptly() {
        H2Script.Result r = handshake("200").frame(C, H2Names.DATA, 0, 1, MASKED_HELLO)
                .frame(S, H2Names.RST_STREAM, 0, 1, H2Script.u32(0x8)) // CANCEL
                .run(H2Config.DEFAULTS, null);
        WebSocketSession ws = r.websockets.get(r.exchanges.get(0).id());
        assertThat(ws.c2s().frames()).isEqualTo(1);
        assertThat(ws.closeHandshakeCompleted()).isFalse();
        assertThat(ws.end()).isEqualTo("rst");
        assertThat(ws.endedBy()).isEqualTo("server");
    }

    /** A frame cut off by the stream's end is named as after a 101. */
    @Test
    void aFrameCutOffByTheStreamsEndIsTruncated() {
        byte[] half = java.util.Arrays.copyOf(HELLO, 4);
        H2Script.Result r = handshake("200").frame(S, H2Names.DATA, END_STREAM, 1, half)
                .frame(C, H2Names.DATA, END_STREAM, 1).run(H2Config.DEFAULTS, null);
        assertThat(types(r.anomalies)).contains(AnomalyType.WS_TRUNCATED_AT_END);
    }

    /**
     * permessage-deflate agreed in the extended CONNECT's fields (RFC 8441 §5 keeps Sec-WebSocket-Extensions): a
     * compressed text message (RFC 7692 §7.2.1, RSV1 set) is inflated and checked, so Latin-1 "café" (RFC 6455
     * §8.1: text must be UTF-8) is named with the stream's exchange, while "Hello" is fine.
     */
    @Test
    void compressedMessagesAreInflatedAsAfterA101() {
        for (boolean latin1 : new boolean[] {false, true}) {
            byte[] text = latin1 ? new byte[] {'c', 'a', 'f', (byte) 0xe9} : "Hello".getBytes();
            byte[] deflated = io.hopsniff.decoder.ws.Deflated.message(
                    new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true), text);
            byte[] frame = new byte[6 + deflated.length]; // FIN, RSV1, text; masked with key 0 (payload as is)
            frame[0] = (byte) 0xc1;
            frame[1] = (byte) (0x80 | deflated.length);
            System.arraycopy(deflated, 0, frame, 6, deflated.length);
            H2Script.Result r = new H2Script().raw(C, FrameReader.PREFACE).frame(C, H2Names.SETTINGS, 0, 0)
                    .frame(S, H2Names.SETTINGS, 0, 0, H2Script.setting(H2Names.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1))
                    .headers(C, 1, END_HEADERS, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "http",
                            ":path", "/ws/abc123", ":authority", "backend", "sec-websocket-version", "13",
                            "sec-websocket-extensions", "permessage-deflate; client_max_window_bits")
                    .headers(S, 1, END_HEADERS, ":status", "200", "sec-websocket-extensions", "permessage-deflate")
                    .frame(C, H2Names.DATA, END_STREAM, 1, frame).frame(S, H2Names.DATA, END_STREAM, 1)
                    .run(H2Config.DEFAULTS, null);
            long id = r.exchanges.get(0).id();
            WebSocketSession ws = r.websockets.get(id);
            assertThat(ws.c2s().largestMessageBytes()).as("latin1=%s", latin1).isEqualTo((long) text.length);
            assertThat(types(r.anomalies)).as("latin1=%s", latin1).doesNotContain(AnomalyType.WS_RSV_BITS_UNNEGOTIATED);
            if (latin1) {
                assertThat(r.anomalies).anySatisfy(a -> {
                    assertThat(a.type()).isEqualTo(AnomalyType.WS_TEXT_NOT_UTF8);
                    assertThat(a.transactionId()).isEqualTo(id);
                });
            } else {
                assertThat(types(r.anomalies)).noneMatch(t -> t.name().startsWith("WS_"));
            }
        }
    }

    private static List<AnomalyType> types(List<Anomaly> anomalies) {
        List<AnomalyType> out = new ArrayList<>();
        anomalies.forEach(a -> out.add(a.type()));
        return out;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
