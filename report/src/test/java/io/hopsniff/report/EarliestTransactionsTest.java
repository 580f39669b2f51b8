package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.correlation.Legs;
import io.hopsniff.report.diagnosis.DiagnosisSettings;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.render.EarliestExchanges;
import io.hopsniff.report.render.ReportFile;
import io.hopsniff.testkit.RepoPaths;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The earliest exchanges the spool keeps while it writes are the ones a pass over the finished report finds, as the
 * report has them: legs inferred at the end spliced in, exchanges without a start last, more exchanges than kept.
 */
class EarliestTransactionsTest {

    private static final InputJson INPUT = new InputJson(java.util.List.of(), new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"samples/lab-h2c-upstream.pcap", "samples/caddy-ws-ok.pcap", "samples/lab-connect.pcap",
        "samples/direct-request-never-answered.pcap", "samples/dashboard-incident.pcap",
        "corpus/public/zeek-http-1000-requests-one-dropped-response.pcap", "corpus/public/zeek-http-websocket.pcap"})
    void keptWhileWritingEqualsReadFromTheReport(String capture) throws Exception {
        Path report = dir.resolve("report.json");
        JsonReport json;
        try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"), DiagnosisSettings.DEFAULTS,
                Legs.none())) {
            Analyzer analyzer = new Analyzer(DecoderConfig.defaults(), collector);
            CaptureFiles.read(RepoPaths.root().resolve(capture), analyzer);
            analyzer.finish();
            json = new JsonReport(collector, INPUT, null, 1L);
            try (OutputStream out = Files.newOutputStream(report)) {
                json.write(out);
            }
        }
        long total = json.head().at("/summary/transactions").asLong();
        assertThat(total).as("exchanges in %s", capture).isPositive();
        assertThat(json.earliestTransactions()).hasSize((int) Math.min(total, EarliestTransactions.KEPT));

        ReportFile kept = ReportFile.of(report, json.head(), json.earliestTransactions());
        if (json.head().at("/legs/decided").asText().equals("inferred")) {
            // the leg is spliced into the spooled lines at the end: the kept lines must have it too
            assertThat(EarliestExchanges.read(kept, 1).get(0).has("leg")).as("leg in %s", capture).isTrue();
        }
        ReportFile reread = ReportFile.open(report);
        for (int limit : new int[] {1, 7, EarliestTransactions.KEPT}) {
            java.util.List<JsonNode> fromFile = EarliestExchanges.read(reread, limit, tx -> { });
            assertThat(EarliestExchanges.read(kept, limit)).as("%s, first %d", capture, limit).isEqualTo(fromFile);
            assertThat(EarliestExchanges.read(reread, limit)).as("%s, first %d, streamed", capture, limit).isEqualTo(fromFile);
        }
    }
}
