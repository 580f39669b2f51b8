package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connections[].http2} on samples/lab-h2c-upstream.pcap: Caddy spoke prior-knowledge HTTP/2 to uvicorn,
 * which only speaks HTTP/1.1 (its log: "Invalid HTTP request received"). The oracle is tshark
 * ({@code -d tcp.port==BACKEND,http2}): on the first connection Caddy sent SETTINGS + WINDOW_UPDATE, HEADERS,
 * RST_STREAM; on the second SETTINGS + WINDOW_UPDATE only; both SETTINGS carry ids 2, 4, 6 = ENABLE_PUSH 0,
 * INITIAL_WINDOW_SIZE 4194304, MAX_HEADER_LIST_SIZE 10485760 (Go's transport defaults); uvicorn sent no frame.
 */
class Http2ConnectionReportTest {

    @TempDir
    Path tmp;

    @Test
    void eachHttp2ConnectionSaysWhatItsFramesCarried() throws Exception {
        Path sample = RepoPaths.samples().resolve("lab-h2c-upstream.pcap");
        int backend = CliRun.readJson(RepoPaths.samples().resolve("lab-h2c-upstream.expect.json"))
                .at("/ports/backend_uvicorn").asInt();
        Path out = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", sample.toString(), "--server", "127.0.0.1:" + backend, "-o", out.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = CliRun.readJson(out);
        SchemaCheck.assertValid(report);
        JsonNode connections = report.get("connections");
        assertThat(connections).hasSize(2);
        for (JsonNode c : connections) {
            JsonNode h2 = c.get("http2");
            assertThat(h2).as("c%s", c.get("id")).isNotNull();
            assertThat(h2.get("client_preface_seen").asBoolean()).isTrue();
            assertThat(h2.get("server_spoke_http2").asBoolean()).isFalse();
            assertThat(h2.at("/frames/s2c")).isEmpty();
            assertThat(h2.at("/settings/c2s").toString())
                    .isEqualTo("{\"ENABLE_PUSH\":0,\"INITIAL_WINDOW_SIZE\":4194304,\"MAX_HEADER_LIST_SIZE\":10485760}");
        }
        assertThat(java.util.List.of(connections.get(0).at("/http2/frames/c2s").toString(),
                connections.get(1).at("/http2/frames/c2s").toString())).containsExactlyInAnyOrder(
                "{\"HEADERS\":1,\"RST_STREAM\":1,\"SETTINGS\":1,\"WINDOW_UPDATE\":1}",
                "{\"SETTINGS\":1,\"WINDOW_UPDATE\":1}");
    }
}
