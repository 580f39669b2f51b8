package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --front end to end: both legs of samples/caddy-ws-ok.pcap, paired, schema-valid; the capture filter covers both. */
class CorrelationCliTest {

    @TempDir
    Path tmp;

    @Test
    void analyzeWithFrontPairsTheLegs() throws Exception {
        Path out = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", RepoPaths.samples().resolve("caddy-ws-ok.pcap").toString(),
                "--server", "127.0.0.1:12656", "--front", "127.0.0.1:18080", "-o", out.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode r = CliRun.readJson(out);
        SchemaCheck.assertValid(r);
        // samples/caddy-ws-ok.expect.json: 3 client connections to Caddy, 2 upstream connections, 4 upstream requests.
        assertThat(r.get("connections")).hasSize(5);
        assertThat(r.get("connections").findValuesAsText("leg")).containsOnly("front", "backend");
        assertThat(r.get("correlations")).hasSize(4);
        assertThat(r.get("summary").get("correlation").get("pairs").asInt()).isEqualTo(4);
    }

    @Test
    void badFrontIsAUsageError() {
        CliRun run = CliRun.run("analyze", RepoPaths.samples().resolve("caddy-ws-ok.pcap").toString(),
                "--front", "nonsense");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theCaptureFilterAndTheTrackerIncludeTheFront() {
        LegOptions legs = new LegOptions();
        legs.fronts.add("127.0.0.1:18080");
        assertThat(CaptureFilters.forServers(legs.withFronts(List.of("127.0.0.1:12656"))))
                .isEqualTo("tcp and ((host 127.0.0.1 and port 12656) or (host 127.0.0.1 and port 18080))");
        io.hopsniff.decoder.session.DecoderConfig d = io.hopsniff.decoder.session.DecoderConfig.defaults();
        io.hopsniff.decoder.session.DecoderConfig backendOnly = new io.hopsniff.decoder.session.DecoderConfig(
                List.of(io.hopsniff.decoder.tcp.ServerSpec.parse("127.0.0.1:12656")), d.tcp(), d.http(), d.ws());
        assertThat(legs.withFronts(backendOnly).servers()).extracting(Object::toString)
                .containsExactly("127.0.0.1:12656", "127.0.0.1:18080");
        assertThat(legs.withFronts(d).servers()).as("no --server: every connection, as before").isEmpty();
    }
}
