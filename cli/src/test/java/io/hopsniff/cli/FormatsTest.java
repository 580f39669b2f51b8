package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.report.JsonMapper;
import io.hopsniff.report.render.CommunityId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format over the real dashboard incident (samples/dashboard-incident.pcap: GET / and /api/status 200, the
 * WebSocket handshake GET /ws/abc123 refused with 400, CONNECT 127.0.0.1:443 answered 404; two error diagnoses)
 * and the working WebSocket recording with kept messages. Expectations come from what the capture holds; the only
 * volatile field, tool.generated, never enters an assertion.
 */
class FormatsTest {

    private static final List<String> EXPECTED = List.of("GET / 200", "GET /api/status 200", "GET /ws/abc123 400",
            "CONNECT 127.0.0.1:443 404");
    private static final List<String> DIAGNOSES = List.of("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT", "DIAG_CONNECT_AT_ORIGIN");

    @TempDir
    Path tmp;
    Path json;
    Path md;
    Path har;
    Path ndjson;
    Path txt;

    @BeforeEach
    void analyseOnceIntoEveryFormat() {
        json = tmp.resolve("r.json");
        md = tmp.resolve("r.md");
        har = tmp.resolve("r.har");
        ndjson = tmp.resolve("r.ndjson");
        txt = tmp.resolve("r.txt");
        CliRun run = CliRun.run("analyze", sample("dashboard-incident.pcap"), "--format", "json", "-o", json.toString(),
                "--format", "markdown", "-o", md.toString(), "--format", "har", "-o", har.toString(),
                "--format", "ndjson", "-o", ndjson.toString(), "--format", "text", "-o", txt.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
    }

    private static String sample(String name) {
        return RepoPaths.samples().resolve(name).toString();
    }

    @Test
    void everyFileIsOwnerOnly() throws IOException {
        for (Path p : List.of(json, md, har, ndjson, txt)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void jsonIsValidAndEveryConnectionHasItsCommunityId() throws IOException {
        JsonNode r = CliRun.readJson(json);
        SchemaCheck.assertValid(r);
        assertThat(r.path("connections")).hasSize(3);
        for (JsonNode c : r.path("connections")) {
            assertThat(c.path("community_id").asText())
                    .isEqualTo(CommunityId.tcp(c.path("client").asText(), c.path("server").asText()))
                    .startsWith("1:");
        }
    }

    @Test
    void markdownLeadsWithTheDiagnosesThenTableThenCitedHeadsThenMetadata() throws IOException {
        String m = Files.readString(md);
        int diagnoses = m.indexOf("## Diagnoses");
        int table = m.indexOf("## Exchanges\n");
        int heads = m.indexOf("## Exchanges cited by the diagnoses");
        int capture = m.indexOf("## Capture");
        assertThat(diagnoses).isPositive().isLessThan(table);
        assertThat(table).isLessThan(heads);
        assertThat(heads).isLessThan(capture);
        String diagnosisSection = m.substring(diagnoses, table);
        for (String id : DIAGNOSES) {
            assertThat(diagnosisSection).contains("`" + id + "`");
        }
        assertThat(diagnosisSection).contains("**Fix:**", "tx3 < HTTP/1.1 400 Bad Request");
        String tableSection = m.substring(table, heads);
        assertThat(tableSection).contains("| `/ws/abc123` | 400 |", "| `/api/status` | 200 |", "| CONNECT | `127.0.0.1:443` | 404 |");
        assertThat(tableSection.lines().filter(l -> l.startsWith("| tx"))).hasSize(4);
        String headsSection = m.substring(heads, capture);
        assertThat(headsSection).contains("```http\nGET /ws/abc123 HTTP/1.1\n", "```http\nHTTP/1.1 400 Bad Request\n",
                "```http\nCONNECT 127.0.0.1:443 HTTP/1.1\n");
        assertThat(m).contains("dashboard-incident.pcap");
    }

    @Test
    void harValidatesWithOneEntryPerExchange() throws Exception {
        JsonNode h = CliRun.readJson(har);
        HarCheck.assertValid(h);
        HarValidator.validate(tmp, List.of(har));
        List<String> lines = new ArrayList<>();
        for (JsonNode e : h.path("log").path("entries")) {
            String url = e.path("request").path("url").asText();
            lines.add(e.path("request").path("method").asText() + " " + url + " " + e.path("response").path("status").asInt());
        }
        assertThat(lines).containsExactly("GET http://127.0.0.1/ 200", "GET http://127.0.0.1/api/status 200",
                "GET http://127.0.0.1:18080/ws/abc123 400", "CONNECT http://127.0.0.1:443 404");
    }

    @Test
    void ndjsonParsesLineByLineWithTypeAndTime() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(ndjson)) {
            JsonNode e = JsonMapper.get().readTree(line);
            assertThat(e.path("type").asText()).isNotEmpty();
            assertThat(e.path("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            events.add(e);
        }
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("exchange"))
                .map(e -> e.path("method").asText() + " " + e.path("target").asText() + " " + e.path("status").asInt()))
                .containsExactlyElementsOf(EXPECTED);
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("connection")))
                .hasSize(3).allSatisfy(c -> assertThat(c.path("community_id").asText()).startsWith("1:"));
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("diagnosis")).map(e -> e.path("id").asText()))
                .containsExactlyElementsOf(DIAGNOSES);
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("anomaly")).map(e -> e.path("id").asText()))
                .containsExactly("WS_HANDSHAKE_REFUSED");
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("stats");
        assertThat(events.get(events.size() - 1).path("transactions").asInt()).isEqualTo(4);
        List<String> times = events.stream().filter(e -> !e.path("type").asText().equals("diagnosis"))
                .map(e -> e.path("time").asText()).toList();
        assertThat(times).as("events in completion order").isSorted();
    }

    @Test
    void textIsTheTerminalSummary() throws IOException {
        String t = Files.readString(txt);
        assertThat(t).startsWith("Diagnoses (hopsniff explain ID");
        assertThat(t).contains("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT", "4 exchange(s)", "/ws/abc123", "CONNECT");
        CliRun stdout = CliRun.run("analyze", sample("dashboard-incident.pcap"));
        assertThat(stdout.out()).isEqualTo(t);
    }

    @Test
    void reportReRendersTheSavedReportIdentically() throws IOException {
        for (String[] f : new String[][] {{"markdown", "md"}, {"har", "har"}, {"ndjson", "ndjson"}, {"text", "txt"},
            {"json", "json"}}) {
            Path again = tmp.resolve("again." + f[1]);
            CliRun run = CliRun.run("report", json.toString(), "--format", f[0], "-o", again.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(Files.readString(again)).as(f[0]).isEqualTo(Files.readString(tmp.resolve("r." + f[1])));
        }
        CliRun toStdout = CliRun.run("report", json.toString(), "--format", "markdown");
        assertThat(toStdout.out()).isEqualTo(Files.readString(md));
        CliRun byExtension = CliRun.run("report", json.toString(), "-o", tmp.resolve("ext.har").toString());
        assertThat(byExtension.exitCode()).isZero();
        assertThat(Files.readString(tmp.resolve("ext.har"))).isEqualTo(Files.readString(har));
    }

    @Test
    void outputFormatFromTheExtensionAlone() throws IOException {
        Path out = tmp.resolve("alone.md");
        CliRun run = CliRun.run("analyze", sample("dashboard-incident.pcap"), "-o", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(out)).startsWith("# hopsniff report");
        assertThat(run.out()).contains("Report written to " + out);
    }

    /** The registry is what help and docs say: every format, and every extension that picks it. */
    @Test
    void everyRegisteredFormatIsInTheHelpAndTheDocs() throws IOException {
        String help = CliRun.run("analyze", "--help").out();
        String unwrapped = help.replaceAll("\\s+", ""); // picocli may wrap inside ".ndjson/.jsonl"
        String docs = Files.readString(RepoPaths.root().resolve("docs/formats.md"));
        for (io.hopsniff.report.render.OutputFormat f : io.hopsniff.report.render.OutputFormat.values()) {
            assertThat(help).as("analyze --help names " + f).contains(f.name());
            String row = docs.lines().filter(l -> l.startsWith("| `" + f.name() + "` |")).findFirst().orElse("");
            assertThat(row).as("docs/formats.md has a row for " + f).isNotEmpty();
            for (String ext : f.extensions()) {
                assertThat(unwrapped).as("analyze --help lists " + ext).contains(ext);
                assertThat(row).as("docs/formats.md lists " + ext + " for " + f).contains("`" + ext + "`");
                assertThat(io.hopsniff.report.render.OutputFormat.ofFileName(tmp.resolve("r" + ext))).isEqualTo(f);
            }
        }
    }

    @Test
    void unpairedFormatsAreUsageErrors() {
        assertThat(CliRun.run("analyze", sample("dashboard-incident.pcap"), "--format", "json", "--format", "har").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("analyze", sample("dashboard-incident.pcap"), "--format", "json", "--format", "har",
                "-o", tmp.resolve("x.json").toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("report", tmp.resolve("missing.json").toString()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void webSocketMessagesInHarAndNdjson() throws Exception {
        Path wsHar = tmp.resolve("ws.har");
        Path wsNd = tmp.resolve("ws.ndjson");
        CliRun run = CliRun.run("analyze", sample("caddy-ws-ok.pcap"), "--ws-payload-bytes", "64", "-o", wsHar.toString(),
                "-o", wsNd.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode h = CliRun.readJson(wsHar);
        HarCheck.assertValid(h);
        HarValidator.validate(tmp, List.of(wsHar));
        List<JsonNode> ws = new ArrayList<>();
        h.path("log").path("entries").forEach(e -> {
            if (e.path("_resourceType").asText().equals("websocket")) {
                ws.add(e);
            }
        });
        assertThat(ws).isNotEmpty();
        JsonNode messages = ws.get(0).path("_webSocketMessages");
        assertThat(messages).isNotEmpty();
        List<String> types = new ArrayList<>();
        messages.forEach(m -> types.add(m.path("type").asText()));
        assertThat(types).contains("send", "receive");
        assertThat(messages.get(0).path("time").asDouble()).isGreaterThan(1.7e9);
        assertThat(ws.get(0).path("response").path("status").asInt()).isEqualTo(101);
        assertThat(Files.readAllLines(wsNd).stream().filter(l -> l.contains("\"type\":\"websocket\""))).isNotEmpty();
    }

    @Test
    void diffShowsResolvedAndNewDiagnosesAndCounts() throws IOException {
        Path ok = tmp.resolve("ok.json");
        assertThat(CliRun.run("analyze", sample("caddy-ws-ok.pcap"), "-o", ok.toString(), "-q").exitCode()).isZero();
        CliRun text = CliRun.run("diff", json.toString(), ok.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("resolved   ERROR    DIAG_BACKEND_NO_WEBSOCKET_SUPPORT", "STATUS CLASSES");
        CliRun asJson = CliRun.run("diff", json.toString(), ok.toString(), "--format", "json");
        JsonNode d = JsonMapper.get().readTree(asJson.out());
        assertThat(d.path("schema").asText()).isEqualTo("hopsniff.diff/1");
        List<String> resolved = new ArrayList<>();
        d.path("diagnoses").path("resolved").forEach(x -> resolved.add(x.path("id").asText()));
        assertThat(resolved).containsAll(DIAGNOSES);
        assertThat(d.path("counts").path("statuses").path("400").path("before").asInt()).isEqualTo(1);
        assertThat(d.path("counts").path("statuses").path("400").path("after").asInt()).isZero();
        assertThat(CliRun.run("diff", ok.toString(), json.toString(), "--fail-on-new").exitCode()).isEqualTo(ExitCodes.NEW_ERRORS);
        assertThat(CliRun.run("diff", json.toString(), ok.toString(), "--fail-on-new").exitCode()).isZero();
        assertThat(CliRun.run("diff", json.toString(), json.toString(), "--fail-on-new").exitCode()).isZero();
    }
}
