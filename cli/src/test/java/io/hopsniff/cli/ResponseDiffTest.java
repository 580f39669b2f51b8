package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the proxy changed on the way back. samples/caddy-ws-ok.expect.json (curl -v on the front leg) shows each 200
 * reaching the client with "Server: Caddy" and "Server: uvicorn", while uvicorn's own answers on the backend leg
 * carry only "server: uvicorn": Caddy adds a Server field and keeps the backend's.
 */
class ResponseDiffTest {

    @TempDir
    Path tmp;

    @Test
    void caddyAddsItsServerFieldAndKeepsTheBackends() throws Exception {
        Path report = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", RepoPaths.samples().resolve("caddy-ws-ok.pcap").toString(), "--server",
                "127.0.0.1:12656", "--front", "127.0.0.1:18080", "-o", report.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        int checked = 0;
        for (JsonNode c : json.get("correlations")) {
            if (c.at("/status/front").asInt() != 200) {
                continue;
            }
            JsonNode diff = c.get("response_header_diff");
            assertThat(diff.get("added")).hasSize(1);
            assertThat(List.of(diff.get("added").get(0).get(0).asText(), diff.get("added").get(0).get(1).asText()))
                    .containsExactly("Server", "Caddy");
            assertThat(diff.get("removed")).isEmpty();
            assertThat(diff.get("changed")).isEmpty();
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }
}
