package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.JsonMapper;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportOptions;
import io.hopsniff.report.render.NdjsonLive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live NDJSON path (what {@code capture --format ndjson} hooks into the analysis listener chain, like
 * LiveLines) fed from a real recording: its lines come out as the decoder completes things and say the same as
 * the lines rendered from the saved report.
 */
class NdjsonLiveTest {

    @Test
    void liveLinesMatchTheRenderedOnes() throws Exception {
        StringWriter live = new StringWriter();
        try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"))) {
            Analyzer analyzer = new Analyzer(DiagnosisOptions.forDiagnosis(DecoderConfig.defaults()),
                    new NdjsonLive(collector, new PrintWriter(live), collector.records(), false));
            CaptureFiles.read(RepoPaths.samples().resolve("dashboard-incident.pcap"), analyzer);
            analyzer.finish();
        }
        String rendered = CliRun.run("analyze", RepoPaths.samples().resolve("dashboard-incident.pcap").toString(),
                "--format", "ndjson").out();
        assertThat(key(live.toString())).isNotEmpty().isEqualTo(key(rendered));
    }

    /** Mapped once: every exchange, WebSocket, connection and anomaly line is the rendered one, field for field. */
    @Test
    void liveLinesAreTheRenderedLinesWordForWord() throws Exception {
        for (String sample : List.of("dashboard-incident.pcap", "direct-ws-client-vanishes.pcap", "direct-connect.pcap")) {
            StringWriter live = new StringWriter();
            try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"))) {
                Analyzer analyzer = new Analyzer(DiagnosisOptions.forDiagnosis(DecoderConfig.defaults()),
                        new NdjsonLive(collector, new PrintWriter(live), collector.records(), false));
                CaptureFiles.read(RepoPaths.samples().resolve(sample), analyzer);
                analyzer.finish();
            }
            String rendered = CliRun.run("analyze", RepoPaths.samples().resolve(sample).toString(), "--format",
                    "ndjson").out();
            // Lines with the same time may come in another order (the renderer sorts by time alone).
            assertThat(whole(live.toString())).as(sample).isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(whole(rendered));
        }
    }

    private static List<String> whole(String ndjson) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            String type = line.isBlank() ? "" : JsonMapper.get().readTree(line).path("type").asText();
            if (List.of("exchange", "connection", "anomaly", "websocket").contains(type)) {
                out.add(line);
            }
        }
        return out;
    }

    /** type, id, time and the identifying fields of every exchange, connection and anomaly line. */
    private static List<String> key(String ndjson) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode e = JsonMapper.get().readTree(line);
            String type = e.path("type").asText();
            if (List.of("exchange", "connection", "anomaly", "websocket").contains(type)) {
                out.add(type + " " + e.path("id").asText() + " " + e.path("time").asText() + " " + e.path("target").asText()
                        + " " + e.path("status").asText() + " " + e.path("community_id").asText() + " "
                        + e.path("anomalies") + " " + e.path("latency_ms").asText());
            }
        }
        return out;
    }
}
