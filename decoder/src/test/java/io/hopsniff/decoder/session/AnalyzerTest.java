package io.hopsniff.decoder.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.LinkType;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Seg;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole decoding pipeline behind Analyzer, fed packets built from the specs. */
class AnalyzerTest {

    private static final String C = "10.0.0.1";
    private static final String S = "10.0.0.2";

    static final class Recorder implements AnalysisListener {
        final List<HttpExchange> exchanges = new ArrayList<>();
        final List<ExchangeContext> contexts = new ArrayList<>();
        final List<ConnectionRecord> connections = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();

        @Override
        public void exchange(HttpExchange exchange, ExchangeContext context) {
            exchanges.add(exchange);
            contexts.add(context);
        }

        @Override
        public void connection(ConnectionRecord connection) {
            connections.add(connection);
        }

        @Override
        public void anomaly(Anomaly anomaly) {
            anomalies.add(anomaly);
        }

        List<AnomalyType> types() {
            return anomalies.stream().map(Anomaly::type).toList();
        }
    }

    private final Recorder out = new Recorder();
    private final Analyzer analyzer = new Analyzer(DecoderConfig.defaults(), out);
    private long ts = 1_700_000_000_000_000_000L;
    private long cseq = 1000;
    private long sseq = 5000;

    private void send(Seg s) {
        ts += 1_000_000;
        byte[] frame = s.ethernet();
        analyzer.packet(ts, LinkType.ETHERNET, ByteBuffer.wrap(frame), frame.length);
    }

    private void handshake(int cport, int sport) {
        send(Seg.of(C, cport, S, sport).flags(Seg.SYN).seq(cseq++));
        send(Seg.of(S, sport, C, cport).flags(Seg.SYN | Seg.ACK).seq(sseq++).ack(cseq));
        send(Seg.of(C, cport, S, sport).flags(Seg.ACK).seq(cseq).ack(sseq));
    }

    private void c2s(int cport, int sport, byte[] bytes) {
        send(Seg.of(C, cport, S, sport).flags(Seg.ACK | Seg.PSH).seq(cseq).ack(sseq).payload(bytes));
        cseq += bytes.length;
    }

    private void s2c(int cport, int sport, byte[] bytes) {
        send(Seg.of(S, sport, C, cport).flags(Seg.ACK | Seg.PSH).seq(sseq).ack(cseq).payload(bytes));
        sseq += bytes.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void captureIssuesBecomeTheirCapAnomalies() {
        for (CaptureIssue.Kind k : CaptureIssue.Kind.values()) {
            analyzer.issue(new CaptureIssue(k, 3, "detail"));
        }
        assertThat(out.types()).containsExactly(AnomalyType.CAP_TRUNCATED_FILE, AnomalyType.CAP_RECORD_LENGTH_ABSURD,
                AnomalyType.CAP_RECORD_LENGTH_INCONSISTENT, AnomalyType.CAP_TIMESTAMP_INVALID,
                AnomalyType.CAP_BLOCK_MALFORMED, AnomalyType.CAP_LINKTYPE_UNSUPPORTED, AnomalyType.CAP_HANDOFF_DROPPED,
                AnomalyType.CAP_PCAP_WRITE_FAILED);
    }

    @Test
    void segmentsCutBySnaplenAreCountedOnce() {
        handshake(40000, 80);
        byte[] req = ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        send(Seg.of(C, 40000, S, 80).flags(Seg.ACK | Seg.PSH).seq(cseq).ack(sseq).payload(req).snap(60));
        analyzer.finish();
        assertThat(out.types()).contains(AnomalyType.CAP_SNAPLEN_TRUNCATED);
    }

    @Test
    void aCaptureThatStartsWithTheResponseGetsItsRolesFromTheBytes() {
        // No SYN; the first packet goes from the backend (high port) to the proxy: "HTTP/1.1" decides.
        send(Seg.of(S, 41000, C, 50000).flags(Seg.ACK | Seg.PSH).seq(sseq).ack(cseq)
                .payload(ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")));
        send(Seg.of(C, 50000, S, 41000).flags(Seg.ACK | Seg.PSH).seq(cseq).ack(sseq + 38)
                .payload(ascii("GET /next HTTP/1.1\r\nHost: b\r\n\r\n")));
        analyzer.finish();
        assertThat(out.contexts).isNotEmpty();
        assertThat(out.contexts.get(0).server().port()).isEqualTo(41000);
        assertThat(out.exchanges).anySatisfy(e -> assertThat(e.request()).isNotNull()
                .extracting(r -> r.target()).isEqualTo("/next"));
    }

    @Test
    void anHttp2PrefaceAnsweredInHttp1IsShownAgainstPri() {
        // RFC 9113 §3.4: an HTTP/1.1 server reads the preface as a request "PRI * HTTP/2.0" (uvicorn answers 400).
        handshake(40001, 12656);
        c2s(40001, 12656, ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        s2c(40001, 12656, ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
        analyzer.finish();
        assertThat(out.exchanges).hasSize(1);
        assertThat(out.exchanges.get(0).request().method()).isEqualTo("PRI");
        assertThat(out.exchanges.get(0).request().version()).isEqualTo("HTTP/2.0");
        assertThat(out.exchanges.get(0).response().status()).isEqualTo(400);
        assertThat(out.connections.get(0).protocolLabel()).isEqualTo("http2-refused");
    }

    @Test
    void framesTheProxySendsAfterTheBackendRefusedThePrefaceAreStillHttp2() {
        // Caddy (transport versions h2c) against uvicorn: the backend's HTTP/1 answer may come before the proxy's
        // HEADERS frame. RFC 9113 §4.1 frame layout; RFC 7541 static table: 0x82 :method GET, 0x84 :path /,
        // 0x86 :scheme http, 0x41 0x01 'h' :authority "h" (literal with incremental indexing).
        handshake(40004, 12656);
        c2s(40004, 12656, ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        c2s(40004, 12656, new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // SETTINGS, empty
        s2c(40004, 12656, ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
        c2s(40004, 12656, new byte[] {0, 0, 6, 1, 5, 0, 0, 0, 1, (byte) 0x82, (byte) 0x84, (byte) 0x86, 0x41, 1, 'h'});
        analyzer.finish();
        assertThat(out.exchanges).extracting(e -> e.request().method() + " " + e.request().target() + " "
                + (e.response() == null ? "-" : e.response().status()))
                .containsExactlyInAnyOrder("PRI * 400", "GET / -");
        assertThat(out.contexts).extracting(c -> c.carriedBy().label()).containsExactlyInAnyOrder("http/1.1", "http2");
        assertThat(out.connections.get(0).protocolLabel()).isEqualTo("http2-refused");
    }

    @Test
    void cleartextHttpInsideAConnectTunnelIsParsedAndTiedToTheConnect() {
        handshake(40002, 3128);
        c2s(40002, 3128, ascii("CONNECT backend:80 HTTP/1.1\r\nHost: backend:80\r\n\r\n"));
        s2c(40002, 3128, ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
        c2s(40002, 3128, ascii("GET /inside HTTP/1.1\r\nHost: backend\r\n\r\n"));
        s2c(40002, 3128, ascii("HTTP/1.1 204 No Content\r\n\r\n"));
        analyzer.finish();
        assertThat(out.exchanges).extracting(e -> e.request().method() + " " + e.response().status())
                .containsExactly("CONNECT 200", "GET 204");
        assertThat(out.contexts.get(1).tunnelOf()).isEqualTo(out.exchanges.get(0).id());
        assertThat(out.connections.get(0).protocolLabel()).isEqualTo("tunnel:http/1.1");
    }

    @Test
    void aWebSocketExchangeArrivesWithItsSessionWhenTheConnectionEnds() {
        // RFC 6455 §1.3 key/accept and §5.7 frames: masked "Hello" from the client, unmasked "Hello" back.
        handshake(40003, 12656);
        c2s(40003, 12656, ascii("GET /ws/abc HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        s2c(40003, 12656, ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"));
        assertThat(out.exchanges).as("held until the WebSocket ends").isEmpty();
        c2s(40003, 12656, new byte[] {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f,
            0x4d, 0x51, 0x58});
        s2c(40003, 12656, new byte[] {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f});
        analyzer.finish();
        assertThat(out.exchanges).hasSize(1);
        var ws = out.contexts.get(0).websocket();
        assertThat(ws).isNotNull();
        assertThat(ws.c2s().frames()).isEqualTo(1);
        assertThat(ws.s2c().frames()).isEqualTo(1);
        assertThat(ws.c2s().opcodes()).containsEntry("text", 1L);
        assertThat(ws.end()).isEqualTo("capture-end");
        assertThat(out.types()).doesNotContain(AnomalyType.WS_ACCEPT_MISMATCH, AnomalyType.WS_KEY_INVALID);
    }
}
