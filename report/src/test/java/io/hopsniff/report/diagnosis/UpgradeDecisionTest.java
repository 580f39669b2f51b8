package io.hopsniff.report.diagnosis;

import io.hopsniff.testkit.LoopbackPcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.JsonMapper;
import io.hopsniff.report.JsonReport;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportOptions;
import io.hopsniff.report.json.InputJson;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One decision about what a connection switched to, made by the decoder and carried to the report: RFC 9110 §7.8
 * lets a client offer several protocols ({@code Upgrade: websocket, h2c}); the server that answers 101 without
 * naming one switched to the first. The decoder then decodes WebSocket frames, and the report must say
 * "websocket" too, not the whole offer.
 */
class UpgradeDecisionTest {

    @Test
    void upgradeWithSeveralTokensIsDecodedAndReportedTheSameWay() throws Exception {
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40100).open()
                    .client("GET /ws/abc HTTP/1.1\r\nHost: 127.0.0.1:12656\r\nUpgrade: websocket, h2c\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .server("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                    // an unmasked server text frame "hi" (RFC 6455 §5.2), then the client's masked close 1000
                    .server(new byte[] {(byte) 0x81, 0x02, 'h', 'i'})
                    .client(new byte[] {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xe8 ^ 2)});
            w.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"))) {
                Analyzer analyzer = new Analyzer(DecoderConfig.defaults(), collector);
                CaptureFiles.read(w.file, analyzer);
                analyzer.finish();
                new JsonReport(collector, new InputJson(List.of(), new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0)),
                        null, 1L).write(out);
            }
            JsonNode report = JsonMapper.get().readTree(out.toByteArray());
            JsonNode tx = report.get("transactions").get(0);
            JsonNode connection = report.get("connections").get(0);
            assertThat(connection.get("upgraded_to").asText()).isEqualTo("websocket");
            assertThat(tx.get("upgrade").asText()).isEqualTo(connection.get("upgraded_to").asText());
            assertThat(report.at("/summary/upgrades").toString()).isEqualTo("{\"websocket\":1}");
            assertThat(tx.at("/websocket/s2c/frames").asLong()).isEqualTo(1);
            assertThat(tx.at("/websocket/c2s/close_code").asInt()).isEqualTo(1000);
        }
    }
}
