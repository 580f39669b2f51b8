package io.hopsniff.decoder.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.ServerSpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ClientHello / ServerHello parsing on real OpenSSL hellos (src/test/resources/tls/README.md says how they were
 * recorded). The oracle is the openssl command line: -servername dash.example -alpn h2,http/1.1, and -tls1_2 for the
 * second connection; versions and suite counts as tshark decoded them.
 */
class TlsHelloTest {

    private static final Path PCAP = Path.of("src/test/resources/tls/tls-hello.pcap");

    /** The first payload of each direction of each connection, in order: [conn][0 = client, 1 = server]. */
    private static List<byte[][]> firstPayloads() throws Exception {
        ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(PCAP)).order(ByteOrder.LITTLE_ENDIAN);
        f.position(24);
        List<byte[][]> out = new ArrayList<>();
        List<Integer> clientPorts = new ArrayList<>();
        while (f.remaining() >= 16) {
            f.getInt();
            f.getInt();
            int caplen = f.getInt();
            f.getInt();
            byte[] frame = new byte[caplen];
            f.get(frame);
            ByteBuffer p = ByteBuffer.wrap(frame); // big-endian network order
            int ip = 14;
            int ihl = (p.get(ip) & 0x0f) * 4;
            int total = p.getShort(ip + 2) & 0xffff;
            int tcp = ip + ihl;
            int src = p.getShort(tcp) & 0xffff;
            int dst = p.getShort(tcp + 2) & 0xffff;
            int off = ((p.get(tcp + 12) & 0xff) >> 4) * 4;
            int len = ip + total - tcp - off;
            if (len <= 0) {
                continue;
            }
            int client = dst == 18443 ? src : dst;
            int idx = clientPorts.indexOf(client);
            if (idx < 0) {
                clientPorts.add(client);
                out.add(new byte[2][]);
                idx = out.size() - 1;
            }
            int side = dst == 18443 ? 0 : 1;
            if (out.get(idx)[side] == null) {
                out.get(idx)[side] = Arrays.copyOfRange(frame, tcp + off, tcp + off + len);
            }
        }
        return out;
    }

    @Test
    void tls13ClientHelloFromOpenSsl() throws Exception {
        ClientHello c = TlsHello.parseClientHello(ByteBuffer.wrap(firstPayloads().get(0)[0]));
        assertThat(c).isNotNull();
        assertThat(c.sni()).isEqualTo("dash.example");
        assertThat(c.alpnOffered()).containsExactly("h2", "http/1.1");
        assertThat(c.versionsOffered()).containsExactly("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1.0");
        assertThat(c.legacyVersion()).isEqualTo("TLSv1.2");
        assertThat(c.cipherSuites()).isEqualTo(31);
    }

    @Test
    void tls13ServerHelloHidesTheAlpnChoice() throws Exception {
        ServerHello s = TlsHello.parseServerHello(ByteBuffer.wrap(firstPayloads().get(0)[1]));
        assertThat(s).isNotNull();
        assertThat(s.version()).isEqualTo("TLSv1.3");
        assertThat(s.legacyVersion()).isEqualTo("TLSv1.2");
        assertThat(s.alpn()).isNull();
        assertThat(s.alpnHidden()).isTrue();
        assertThat(s.helloRetryRequest()).isFalse();
        assertThat(s.cipherSuite()).isEqualTo("0x1302"); // TLS_AES_256_GCM_SHA384, as s_client said
    }

    @Test
    void tls12HelloShowsTheAlpnChoice() throws Exception {
        byte[][] conn = firstPayloads().get(1);
        ClientHello c = TlsHello.parseClientHello(ByteBuffer.wrap(conn[0]));
        assertThat(c.sni()).isEqualTo("dash.example");
        assertThat(c.alpnOffered()).containsExactly("h2", "http/1.1");
        assertThat(c.versionsOffered()).isEmpty(); // -tls1_2: no supported_versions extension
        assertThat(c.cipherSuites()).isEqualTo(28);
        ServerHello s = TlsHello.parseServerHello(ByteBuffer.wrap(conn[1]));
        assertThat(s.version()).isEqualTo("TLSv1.2");
        assertThat(s.alpn()).isEqualTo("h2");
        assertThat(new TlsSummary(c, s).note()).isNull();
    }

    @Test
    void theWrongHelloOrATruncatedOneGivesNull() throws Exception {
        byte[] hello = firstPayloads().get(0)[0];
        assertThat(TlsHello.parseServerHello(ByteBuffer.wrap(hello))).isNull();
        for (int n = 0; n < hello.length; n++) {
            assertThat(TlsHello.parseClientHello(ByteBuffer.wrap(hello, 0, n))).as("prefix of %d bytes", n).isNull();
        }
        assertThat(TlsHello.parseClientHello(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()))).isNull();
    }

    @Test
    void aHelloFragmentedOverSeveralRecordsIsJoined() throws Exception {
        byte[] record = firstPayloads().get(0)[0];
        byte[] message = Arrays.copyOfRange(record, 5, record.length);
        ByteArrayOutputStream split = new ByteArrayOutputStream();
        for (int at = 0; at < message.length; at += 100) { // RFC 8446 §5.1: handshake messages may be fragmented
            int n = Math.min(100, message.length - at);
            split.write(new byte[] {22, 3, 1, (byte) (n >> 8), (byte) n});
            split.write(message, at, n);
        }
        assertThat(TlsHello.parseClientHello(ByteBuffer.wrap(split.toByteArray())))
                .isEqualTo(TlsHello.parseClientHello(ByteBuffer.wrap(record)));
    }

    @Test
    void thePeekGivesTheSameAnswerWhereverTheSegmentsSplit() throws Exception {
        byte[][] conn = firstPayloads().get(0);
        TlsSummary whole = peek(conn, conn[0].length);
        assertThat(whole.client().sni()).isEqualTo("dash.example");
        for (int split = 1; split < conn[0].length; split += 7) {
            assertThat(peek(conn, split)).as("split at %d", split).isEqualTo(whole);
        }
    }

    private static TlsSummary peek(byte[][] conn, int split) {
        TlsPeek p = new TlsPeek();
        p.feed(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(conn[0], 0, split));
        p.feed(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(conn[0], split, conn[0].length - split));
        p.feed(Direction.SERVER_TO_CLIENT, ByteBuffer.wrap(conn[1]));
        return p.summary();
    }

    @Test
    void garbageNeverThrows() {
        Random r = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            if (b.length > 5 && r.nextBoolean()) {
                b[0] = 22;
                b[1] = 3;
                b[5] = (byte) (r.nextBoolean() ? 1 : 2);
            }
            TlsHello.parseClientHello(ByteBuffer.wrap(b));
            TlsHello.parseServerHello(ByteBuffer.wrap(b));
            new TlsPeek().feed(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(b));
        }
    }

    @Test
    void theSessionLayerRecordsTlsPerConnection() throws Exception {
        List<ConnectionRecord> records = new ArrayList<>();
        Analyzer analyzer = new Analyzer(new DecoderConfig(List.of(ServerSpec.parse("127.0.0.1:18443")),
                DecoderConfig.defaults().tcp(), DecoderConfig.defaults().http()), new AnalysisListener() {
                    @Override
                    public void exchange(HttpExchange exchange, ExchangeContext context) {
                    }

                    @Override
                    public void connection(ConnectionRecord connection) {
                        records.add(connection);
                    }

                    @Override
                    public void anomaly(Anomaly anomaly) {
                    }
                });
        CaptureFiles.read(PCAP, analyzer);
        analyzer.finish();
        records.sort((a, b) -> Long.compare(a.id(), b.id()));
        assertThat(records).hasSize(2);
        assertThat(records).allSatisfy(c -> {
            assertThat(c.tls()).isNotNull();
            assertThat(c.tls().client().sni()).isEqualTo("dash.example");
            assertThat(c.tls().client().alpnOffered()).containsExactly("h2", "http/1.1");
        });
        assertThat(records.get(0).tls().versionChosen()).isEqualTo("TLSv1.3");
        assertThat(records.get(0).tls().note()).contains("EncryptedExtensions");
        assertThat(records.get(1).tls().versionChosen()).isEqualTo("TLSv1.2");
        assertThat(records.get(1).tls().alpnChosen()).isEqualTo("h2");
    }
}
