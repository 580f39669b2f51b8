package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public capture is analysed without a crash, the report validates against the schema, and the HTTP
 * requests and responses agree with tshark's decoding (the {@code *.tshark.tsv} oracle beside each capture),
 * except for the documented differences in {@link KnownDifferences} (docs/known-differences.md says why).
 */
class CorpusOracleTest {

    @TempDir
    Path tmp;

    static Stream<String> captures() throws IOException {
        Path corpus = RepoPaths.corpus();
        try (Stream<Path> files = Files.list(corpus)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(String name) throws IOException {
        Path capture = RepoPaths.corpus().resolve(name);
        Path report = tmp.resolve("report.json");
        // tshark shows the wire as it is: compare unredacted targets (redaction has its own tests)
        CliRun run = CliRun.run("analyze", capture.toString(), "-o", report.toString(), "-q", "--no-redact");

        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        if (KnownDifferences.UNREADABLE.contains(name)) {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.err().strip().lines()).hasSize(1);
            return;
        }
        assertThat(run.exitCode()).as(run.err())
                .isEqualTo(KnownDifferences.TRUNCATED.contains(name) ? ExitCodes.BAD_INPUT : ExitCodes.OK);
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);

        Oracle oracle = Oracle.read(RepoPaths.corpus().resolve(name.replaceFirst("\\.pcap(ng)?$", ".tshark.tsv")));
        List<String> ourRequests = new ArrayList<>();
        List<String> ourResponses = new ArrayList<>();
        for (JsonNode t : json.get("transactions")) {
            if (!t.get("protocol").asText().equals("http/1.1")) {
                continue; // the *.tshark.tsv oracle lists HTTP/1.x PDUs; HTTP/2 streams are checked against *.h2.tsv
            }
            String c = t.get("client").asText();
            String s = t.get("server").asText();
            if (t.has("request")) {
                ourRequests.add(Oracle.request(c, s, t.get("request").get("method").asText(),
                        t.get("request").get("target").asText()));
            }
            if (t.has("interim")) {
                for (JsonNode i : t.get("interim")) {
                    ourResponses.add(Oracle.response(s, c, i.get("status").asInt()));
                }
            }
            if (t.has("response")) {
                ourResponses.add(Oracle.response(s, c, t.get("response").get("status").asInt()));
            }
        }
        Collections.sort(ourRequests);
        Collections.sort(ourResponses);
        KnownDifferences.Expected expected = KnownDifferences.apply(name, oracle);
        assertThat(ourRequests).as("requests (client, server, method, target) of %s", name)
                .isEqualTo(expected.requests());
        assertThat(ourResponses).as("responses (server, client, status) of %s", name)
                .isEqualTo(expected.responses());
    }

    /** The lines of a *.tshark.tsv oracle as sorted multisets. */
    record Oracle(List<String> requests, List<String> responses) {

        static Oracle read(Path tsv) throws IOException {
            List<String> requests = new ArrayList<>();
            List<String> responses = new ArrayList<>();
            // tshark writes header bytes as they are; Latin-1 maps each byte to one char, as our parser does.
            // Split on LF only: a few targets contain a bare CR.
            List<String> lines = List.of(Files.readString(tsv, java.nio.charset.StandardCharsets.ISO_8859_1).split("\n"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length < 6) {
                    throw new IllegalStateException(tsv + ": malformed oracle line [" + line + "]");
                }
                // frame.number, tcp.stream, src, dst, method, uri, code
                if (!f[4].isEmpty()) {
                    requests.add(request(f[2], f[3], f[4], f[5]));
                }
                if (f.length > 6 && !f[6].isEmpty()) {
                    responses.add(response(f[2], f[3], Integer.parseInt(f[6])));
                }
            }
            Collections.sort(requests);
            Collections.sort(responses);
            return new Oracle(requests, responses);
        }

        static String request(String client, String server, String method, String target) {
            return client + " > " + server + " " + method + " " + target;
        }

        static String response(String server, String client, int status) {
            return server + " > " + client + " " + status;
        }
    }

}
