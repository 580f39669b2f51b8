package io.hopsniff.report;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.correlation.Legs;
import io.hopsniff.report.diagnosis.DiagnosisSettings;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --report-every}: interim reports written while packets still arrive read the collector without ending
 * it, so the final report is the one a run without them gives, and each interim report holds the exchanges
 * finished before it, in the final report's order.
 */
class InterimReportTest {

    private static final long GENERATED = 1_795_635_561_000_000_000L;
    private static final InputJson INPUT = new InputJson(List.of(), new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0));

    @ParameterizedTest
    @ValueSource(strings = {"dashboard-incident.pcap", "caddy-ws-ok.pcap", "lab-backend-down.pcap",
        "curl-keepalive-chunked.pcap"})
    void interimReportsLeaveTheFinalReportUnchanged(String sample) throws Exception {
        Path pcap = RepoPaths.root().resolve("samples").resolve(sample);
        JsonNode without = run(pcap, 0, new ArrayList<>());
        List<JsonNode> interims = new ArrayList<>();
        JsonNode with = run(pcap, 3, interims);
        assertThat(with).isEqualTo(without);
        assertThat(interims).isNotEmpty();
        List<Long> finalIds = ids(with.get("transactions"));
        for (JsonNode interim : interims) {
            assertThat(interim.at("/capture/live/interim").asBoolean()).isTrue();
            List<Long> ids = ids(interim.get("transactions"));
            assertThat(finalIds.subList(0, ids.size())).isEqualTo(ids);
            assertThat(interim.at("/summary/transactions").asLong()).isEqualTo(ids.size());
        }
        assertThat(ids(interims.get(interims.size() - 1).get("transactions"))).hasSizeLessThanOrEqualTo(finalIds.size());
    }

    @Test
    void anInterimReportOfNothingIsValid() throws Exception {
        try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"))) {
            JsonNode json = write(collector, true);
            assertThat(json.get("transactions")).isEmpty();
            assertThat(json.get("connections")).isEmpty();
        }
    }

    /** Every {@code every} packets (0: never) an interim report; then the final one, with the volatile parts out. */
    private static JsonNode run(Path pcap, int every, List<JsonNode> interims) throws Exception {
        DecoderConfig config = DecoderConfig.defaults();
        try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"), DiagnosisSettings.DEFAULTS,
                Legs.none())) {
            Analyzer analyzer = new Analyzer(config, collector);
            int[] n = {0};
            CaptureFiles.read(pcap, new PacketSink() {
                @Override
                public void packet(long ts, int linkType, ByteBuffer data, int originalLength) {
                    analyzer.packet(ts, linkType, data, originalLength);
                    if (every > 0 && ++n[0] % every == 0) {
                        try {
                            interims.add(write(collector, true));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }

                @Override
                public void issue(CaptureIssue issue) {
                    analyzer.issue(issue);
                }
            });
            analyzer.finish();
            return write(collector, false);
        }
    }

    private static JsonNode write(ReportCollector collector, boolean interim) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CaptureJson.LiveJson live = new CaptureJson.LiveJson("lo", "tcp", 65535, null, null, "libpcap", 0, 0, 0, 0,
                "host", "user", interim ? Boolean.TRUE : null);
        new JsonReport(collector, INPUT, live, GENERATED, interim).write(out);
        JsonNode json = JsonMapper.get().readTree(out.toByteArray());
        try (java.io.InputStream in = JsonReport.class.getResourceAsStream("report.schema.json")) {
            assertThat(com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                    .getSchema(in).validate(json)).as("schema violations").isEmpty();
        }
        ((ObjectNode) json).remove("tool");
        return json;
    }

    private static List<Long> ids(JsonNode transactions) {
        List<Long> ids = new ArrayList<>();
        transactions.forEach(t -> ids.add(t.get("id").asLong()));
        return ids;
    }
}
