package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same root causes, named from captures recorded earlier and apart from the live runs: the lab recordings
 * (samples/lab-*.pcap, `scripts/lab record`) and the tcpdump recordings of scripts/record-fixtures. The expected ids
 * are the lab's table ({@link LabScenariosTest#EXPECTED_DIAGNOSIS}) and, for the tcpdump ones, what their
 * expect.json files say the software did (a 400 "Unsupported upgrade request." from uvicorn --ws none, the
 * websockets 400 for "Sec-WebSocket-Key: test", CONNECTs answered 404, a clean WebSocket with close 1000).
 */
class RecordedDiagnosesTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> recordings() {
        List<Arguments> out = new ArrayList<>();
        LabScenariosTest.EXPECTED_DIAGNOSIS.forEach((scenario, id) -> {
            if (!LabScenariosTest.RUN_ONLY.contains(scenario)) {
                out.add(Arguments.of("lab-" + scenario + ".pcap", id));
            }
        });
        Map.of("caddy-ws-ok.pcap", "DIAG_WEBSOCKET_OK",
                "caddy-ws-no-ws-library.pcap", "DIAG_BACKEND_NO_WEBSOCKET_SUPPORT",
                "direct-invalid-key.pcap", "DIAG_INVALID_HANDSHAKE",
                "direct-connect.pcap", "DIAG_CONNECT_AT_ORIGIN",
                "curl-keepalive-chunked.pcap", "DIAG_NO_UPGRADE_SEEN",
                // scripts/record.d/record-failures.sh; the client's own output is in the .logs.txt beside each
                "direct-ws-client-vanishes.pcap", "DIAG_WEBSOCKET_ABNORMAL_CLOSE",
                "direct-request-never-answered.pcap", "DIAG_NO_RESPONSE",
                // the lab's proxy-stops with the closes crossed (ProxyStopsRaceTest)
                "lab-proxy-stops-crossed.pcap", "DIAG_WEBSOCKET_PROTOCOL_ERROR")
                .forEach((file, id) -> out.add(Arguments.of(file, id)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("recordings")
    void aRecordingNamesItsRootCause(String file, String expectedId) throws Exception {
        Path report = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", RepoPaths.samples().resolve(file).toString(), "-o", report.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        List<String> ids = new ArrayList<>();
        json.get("diagnoses").forEach(d -> ids.add(d.get("id").asText()));
        assertThat(ids).contains(expectedId);
        if (expectedId.equals("DIAG_WEBSOCKET_OK")) {
            assertThat(json.get("diagnoses")).noneMatch(d -> d.get("severity").asText().equals("error"));
        }
    }

    static Stream<String> labRecordings() {
        return LabScenariosTest.EXPECTED_DIAGNOSIS.keySet().stream().filter(s -> !LabScenariosTest.RUN_ONLY.contains(s));
    }

    /**
     * Each lab recording holds both legs (captured on lo with both ports in the filter); the ports come from its
     * expect.json, written by the lab from the servers it started. Analysed backend-only, with --front, and with no
     * flag, the root cause named first is the scenario's, and no backend verdict comes from a front exchange.
     */
    @ParameterizedTest(name = "lab-{0}")
    @MethodSource("labRecordings")
    void threeWaysNameTheSameRootCause(String scenario) throws Exception {
        JsonNode ports = CliRun.readJson(RepoPaths.samples().resolve("lab-" + scenario + ".expect.json")).get("ports");
        String backend = "127.0.0.1:" + ports.get("backend_uvicorn").asInt();
        String proxy = "127.0.0.1:" + ports.get("caddy").asInt();
        ThreeWays.Reports r = ThreeWays.analyze(RepoPaths.samples().resolve("lab-" + scenario + ".pcap"), tmp, backend,
                proxy);
        ThreeWays.assertSameRootCause(r, LabScenariosTest.EXPECTED_DIAGNOSIS.get(scenario), backend, proxy);
    }

    /**
     * The same recordings cut to the front leg only (--server names Caddy's port, no --front): nothing in the capture
     * is what the proxy sent the backend, so no error-level verdict may be guessed from it. Where Caddy relayed a
     * backend answer (Caddy adds its own Server field beside uvicorn's), the capture is recognised as a proxy's front
     * leg and hopsniff says the backend leg is missing.
     */
    @ParameterizedTest(name = "lab-{0}")
    @MethodSource("labRecordings")
    void frontLegAloneGivesNoBackendVerdict(String scenario) throws Exception {
        JsonNode ports = CliRun.readJson(RepoPaths.samples().resolve("lab-" + scenario + ".expect.json")).get("ports");
        Path report = tmp.resolve("front-" + scenario + ".json");
        CliRun run = CliRun.run("analyze", RepoPaths.samples().resolve("lab-" + scenario + ".pcap").toString(),
                "--server", "127.0.0.1:" + ports.get("caddy").asInt(), "-o", report.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        assertThat(json.get("diagnoses")).as("%s", ThreeWays.ids(json))
                .noneMatch(d -> d.get("severity").asText().equals("error"));
        boolean relayed = false;
        boolean gatewayError = false; // Caddy's own 502 (RFC 9110 §15.6.3), as samples/README.md records it
        for (JsonNode t : json.get("transactions")) {
            List<String> servers = LabRun.fields(t.at("/response/headers"), "Server");
            relayed |= servers.size() >= 2;
            gatewayError |= t.at("/response/status").asInt() == 502 && servers.equals(List.of("Server: Caddy"));
        }
        if (relayed || gatewayError) {
            assertThat(ThreeWays.lead(json)).isEqualTo("DIAG_BACKEND_LEG_MISSING");
            assertThat(json.at("/legs/decided").asText()).isEqualTo("inferred");
            assertThat(json.get("diagnoses")).as("%s", ThreeWays.ids(json))
                    .noneMatch(d -> d.get("id").asText().equals("DIAG_WEBSOCKET_REJECTED_OTHER"));
        }
        if (gatewayError) {
            assertThat(json.at("/diagnoses/0/causes/0").asText()).startsWith("the proxy answered with its own 502");
        }
    }
}
