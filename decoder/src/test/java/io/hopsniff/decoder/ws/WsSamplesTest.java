package io.hopsniff.decoder.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The real Caddy/uvicorn loopback captures in samples/, against what the software itself logged (expect.json). */
class WsSamplesTest {

    static final Path SAMPLES = Path.of(System.getProperty("hopsniff.samples", "../samples"));

    private static PcapWs read(String name, WsConfig cfg) throws Exception {
        Path p = SAMPLES.resolve(name);
        Assumptions.assumeTrue(Files.exists(p), p.toString());
        return PcapWs.read(p, cfg);
    }

    @Test
    void caddyWsOkBothLegs() throws Exception {
        PcapWs r = read("caddy-ws-ok.pcap", WsConfig.DEFAULTS.withPayloadBytesKept(1024));
        assertThat(r.handshakeAnomalies).isEmpty();
        assertThat(r.sockets).as("client->caddy and caddy->uvicorn").hasSize(2);
        for (PcapWs.Ws ws : r.sockets) {
            HandshakeFacts f = HandshakeFacts.of(ws.handshake);
            assertThat(f.permessageDeflate()).isTrue();
            assertThat(f.acceptValid()).isTrue();
            WebSocketDecoder d = ws.decoder;
            // expect.json: count server->client 3, client->server 1
            assertThat(d.keptMessages(Direction.SERVER_TO_CLIENT)).extracting(KeptMessage::text).containsExactly(
                    "log: session abc123 attached", "log: tailing dashboard.log", "echo: hello from ws_client");
            assertThat(d.keptMessages(Direction.CLIENT_TO_SERVER)).extracting(KeptMessage::text)
                    .containsExactly("hello from ws_client");
            assertThat(d.keptMessages(Direction.SERVER_TO_CLIENT)).allMatch(m -> m.compressed() && m.complete());
            assertThat(ws.frames).filteredOn(fr -> fr.opcode() == 1).allMatch(WsFrame::rsv1);
            WebSocketSession s = d.session();
            assertThat(s.s2c().messages()).isEqualTo(3);
            assertThat(s.c2s().messages()).isEqualTo(1);
            // close: initiated_by server, code 1000, the client answers with the same code
            assertThat(s.s2c().closeCode()).isEqualTo(1000);
            assertThat(s.c2s().closeCode()).isEqualTo(1000);
            assertThat(s.closedBy()).isEqualTo("server");
            assertThat(s.closeHandshakeCompleted()).isTrue();
            assertThat(s.end()).isEqualTo("close");
            assertThat(s.extensions()).isEqualTo("permessage-deflate");
            assertThat(s.undecodable()).isFalse();
            assertThat(ws.anomalies).isEmpty();
        }
    }

    @Test
    void refusedAndInvalidHandshakes() throws Exception {
        List<Anomaly> noLib = read("caddy-ws-no-ws-library.pcap", WsConfig.DEFAULTS).handshakeAnomalies;
        assertThat(noLib).extracting(Anomaly::type).containsOnly(AnomalyType.WS_HANDSHAKE_REFUSED);
        assertThat(noLib).extracting(Anomaly::detail).containsOnly("expected=101, found=400");
        assertThat(read("dashboard-incident.pcap", WsConfig.DEFAULTS).handshakeAnomalies).extracting(Anomaly::type)
                .containsExactly(AnomalyType.WS_HANDSHAKE_REFUSED);
        assertThat(read("direct-invalid-key.pcap", WsConfig.DEFAULTS).handshakeAnomalies).extracting(Anomaly::type)
                .containsExactly(AnomalyType.WS_KEY_INVALID);
    }
}
