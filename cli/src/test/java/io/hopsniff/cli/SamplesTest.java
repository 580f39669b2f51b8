package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real loopback recordings in samples/ (Caddy 2.6.2, uvicorn 0.17.6, curl, python websockets; made by
 * scripts/record-fixtures) against what that software itself logged ({@code NAME.expect.json}, built from curl -v
 * transcripts, the clients' output and the servers' access logs — never from a packet analyser). For every
 * captured leg, every TCP connection the logs name must carry exactly the logged exchanges, in order, with the
 * request header values the client sent.
 */
class SamplesTest {

    @TempDir
    Path tmp;

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(RepoPaths.samples())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expect.json"))
                    .map(n -> n.substring(0, n.length() - ".expect.json".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyLoggedExchangeIsOnTheWire(String name) throws IOException {
        JsonNode expect = CliRun.readJson(RepoPaths.samples().resolve(name + ".expect.json"));
        Path pcap = RepoPaths.samples().resolve(expect.get("capture").asText());
        int legsChecked = 0;
        for (JsonNode leg : expect.get("legs")) {
            if (!leg.get("captured").asBoolean()) {
                continue;
            }
            String server = leg.get("server").asText();
            Path report = tmp.resolve(name + "-" + legsChecked + ".json");
            CliRun run = CliRun.run("analyze", pcap.toString(), "--server", server, "-o", report.toString(), "-q");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode json = CliRun.readJson(report);
            SchemaCheck.assertValid(json);
            Map<Integer, List<JsonNode>> byClientPort = transactionsByClientPort(json, server);

            int expected = 0;
            List<Integer> loggedPorts = new ArrayList<>();
            for (JsonNode conn : leg.get("connections")) {
                int port = conn.get("client_port").asInt();
                loggedPorts.add(port);
                List<JsonNode> ours = byClientPort.getOrDefault(port, List.of());
                List<String> want = new ArrayList<>();
                for (JsonNode e : conn.get("exchanges")) {
                    want.add(e.get("method").asText() + " " + e.get("target").asText() + " " + e.get("status").asInt());
                    expected++;
                }
                assertThat(ours.stream().map(SamplesTest::line).toList())
                        .as("%s leg %s, client port %d", name, leg.get("leg").asText(), port).isEqualTo(want);
                for (int i = 0; i < ours.size(); i++) {
                    JsonNode logged = conn.get("exchanges").get(i);
                    if (logged.has("request_headers")) {
                        assertHeaders(ours.get(i).get("request").get("headers"), logged.get("request_headers"), name);
                    }
                }
            }
            // Exchanges the servers logged without a client port (uvicorn logs no line for an upgrade it refuses
            // itself): they must be on some other connection of this leg.
            List<String> unattributed = new ArrayList<>();
            byClientPort.forEach((port, list) -> {
                if (!loggedPorts.contains(port)) {
                    list.forEach(t -> unattributed.add(line(t)));
                }
            });
            List<String> wantUnattributed = new ArrayList<>();
            if (leg.has("exchanges_without_access_log")) {
                for (JsonNode e : leg.get("exchanges_without_access_log")) {
                    wantUnattributed.add(e.get("method").asText() + " " + e.get("target").asText() + " "
                            + e.get("status").asInt());
                }
            }
            assertThat(unattributed).as("%s: exchanges on connections the logs do not name", name)
                    .containsExactlyInAnyOrderElementsOf(wantUnattributed);
            assertThat(json.at("/summary/transactions").asInt()).isEqualTo(expected + wantUnattributed.size());
            legsChecked++;
        }
        assertThat(legsChecked).isPositive();
    }

    private static void assertHeaders(JsonNode ourHeaders, JsonNode logged, String name) {
        logged.fields().forEachRemaining(f -> {
            List<String> values = new ArrayList<>();
            for (JsonNode pair : ourHeaders) {
                if (pair.get(0).asText().equalsIgnoreCase(f.getKey())) {
                    values.add(pair.get(1).asText());
                }
            }
            assertThat(values).as("%s: header %s", name, f.getKey()).containsExactly(f.getValue().asText());
        });
    }

    private static String line(JsonNode t) {
        JsonNode r = t.get("request");
        String status = t.has("response") ? t.get("response").get("status").asText() : "-";
        return (r == null ? "-" : r.get("method").asText() + " " + r.get("target").asText()) + " " + status;
    }

    private static Map<Integer, List<JsonNode>> transactionsByClientPort(JsonNode json, String server) {
        Map<Integer, List<JsonNode>> out = new TreeMap<>();
        for (JsonNode t : json.get("transactions")) {
            if (!t.get("server").asText().equals(server)) {
                continue;
            }
            String client = t.get("client").asText();
            int port = Integer.parseInt(client.substring(client.lastIndexOf(':') + 1));
            out.computeIfAbsent(port, k -> new ArrayList<>()).add(t);
        }
        return out;
    }
}
