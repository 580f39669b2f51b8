package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.Headers;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.ws.InflateBudget;
import io.hopsniff.decoder.ws.WebSocketDecoder;
import io.hopsniff.decoder.ws.WebSocketHandshake;
import io.hopsniff.decoder.ws.WsConfig;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket carried by one HTTP/2 stream (RFC 8441): once the server answers an extended CONNECT with
 * {@code :protocol = websocket} with a 2xx, the peers speak RFC 6455 over the stream as if it were the TCP
 * connection, so its DATA payloads in each direction are that direction's frames, decoded as after a 101; an orderly
 * close of a side (END_STREAM) stands for a TCP FIN and RST_STREAM for a RST (§5). The decoder's anomalies name the
 * stream's exchange, whose id is only drawn when the stream is emitted, so they pass through a sink that stamps it.
 */
final class H2WebSocket {

    private final WebSocketDecoder decoder;
    private final StampingSink sink;
    /** Frame bytes seen per direction (the WebSocket stream's offsets). */
    private final long[] offsets = new long[2];

    private H2WebSocket(WebSocketDecoder decoder, StampingSink sink) {
        this.decoder = decoder;
        this.sink = sink;
    }

    /**
     * The WebSocket a stream switched to when its final response came: the request was an RFC 8441 extended CONNECT
     * for {@code websocket} and the status is 2xx. Null otherwise.
     */
    static H2WebSocket open(long connectionId, H2Stream s, WsConfig config, AnomalySink anomalies, KeptBytes kept,
                            InflateBudget inflate) {
        if (!s.request.headersSeen || s.status < 200 || s.status > 299
                || !WebSocketHandshake.overHttp2(Headers.of(s.request.headers).first(":method"),
                        Headers.of(s.request.headers).first(":protocol"))) {
            return null;
        }
        StampingSink sink = new StampingSink(anomalies);
        WebSocketDecoder d = new WebSocketDecoder(connectionId, handshake(connectionId, s), config, sink, kept, inflate);
        return new H2WebSocket(d, sink);
    }

    /** The two heads as the handshake facts read them (extensions agreed, when the switch happened). */
    private static HttpExchange handshake(long connectionId, H2Stream s) {
        H2Stream.Message q = s.request;
        H2Stream.Message r = s.response;
        List<HttpHeader> fields = q.headers;
        HttpRequest request = new HttpRequest("CONNECT", Headers.of(fields).first(":path"), "HTTP/2", fields, List.of(),
                q.firstNanos, q.headEndNanos, q.lastNanos, q.headBytes, 0, new byte[0], BodyFraming.TUNNEL, false);
        HttpResponse response = new HttpResponse("HTTP/2", s.status, "", r.headers, List.of(), r.firstNanos,
                r.headEndNanos, r.lastNanos, r.headBytes, 0, new byte[0], BodyFraming.TUNNEL, false);
        return new HttpExchange(0, connectionId, 0, request, List.of(), response, "websocket");
    }

    /** A chunk of a DATA frame's payload sent by {@code d}; its position is left where it was. */
    void data(Direction d, ByteBuffer chunk, long ts) {
        int from = chunk.position();
        int n = chunk.remaining();
        decoder.data(d, chunk, offsets[d.ordinal()], ts);
        offsets[d.ordinal()] += n;
        chunk.position(from);
    }

    /** {@code length} bytes of {@code d}'s connection were lost: where the frames of {@code s}'s WebSocket were is unknown. */
    static void gap(H2Stream s, Direction d, long length, long ts) {
        H2WebSocket w = s.websocket;
        if (w != null) {
            w.decoder.gap(d, w.offsets[d.ordinal()], length, ts);
            w.offsets[d.ordinal()] += length;
        }
    }

    /**
     * Names an extended CONNECT (RFC 8441 §4) in {@code s}'s request fields {@code f}, with whether the server's
     * SETTINGS enabled it (a client may send one only then).
     */
    static void pendExtendedConnect(H2Stream s, List<HttpHeader> f, Map<String, Long> serverSettings, long ts) {
        String protocol = Headers.of(f).first(":protocol");
        if (protocol != null && "CONNECT".equals(Headers.of(f).first(":method"))) {
            Long enabled = serverSettings.get(H2Names.setting(H2Names.SETTINGS_ENABLE_CONNECT_PROTOCOL));
            s.pend(AnomalyType.H2_EXTENDED_CONNECT, ts, "stream=" + s.id + ", protocol=" + protocol
                    + ", server_enable_connect_protocol=" + (enabled == null ? "absent" : enabled));
        }
    }

    /** {@code d} ended its side of the stream (END_STREAM). */
    void ended(Direction d, long ts) {
        decoder.fin(d, ts);
    }

    /** {@code d} reset the stream (RST_STREAM). */
    void reset(Direction d, long ts) {
        decoder.rst(d, ts);
    }

    /** Ends the WebSocket; its anomalies name exchange {@code exchangeId}. */
    WebSocketDecoder end(EndReason reason, long ts, long exchangeId) {
        sink.exchangeId = exchangeId;
        decoder.end(reason, ts);
        return decoder;
    }

    /** Passes anomalies on with the stream's exchange id, once known. */
    private static final class StampingSink implements AnomalySink {
        private final AnomalySink out;
        long exchangeId;

        StampingSink(AnomalySink out) {
            this.out = out;
        }

        @Override
        public void report(Anomaly a) {
            out.report(a.transactionId() == exchangeId ? a
                    : new Anomaly(a.type(), a.timestampNanos(), a.connectionId(), exchangeId, a.detail()));
        }
    }
}
