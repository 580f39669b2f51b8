package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.correlation.CorrelationJson;
import io.hopsniff.report.correlation.CorrelationSummaryJson;
import io.hopsniff.report.correlation.HeaderDiffJson;
import io.hopsniff.report.correlation.Legs;
import io.hopsniff.report.correlation.LegsJson;
import io.hopsniff.report.diagnosis.Diagnosis;
import io.hopsniff.report.diagnosis.DiagnosisSettings;
import io.hopsniff.report.diagnosis.Story;
import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.json.SummaryJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.ToolJson;
import io.hopsniff.testkit.RepoPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The head sections' trees built by hand are the mapper's trees of the same records, node for node (types too: a
 * long is a LongNode, an int an IntNode), and are written as the mapper writes them, byte for byte.
 */
class HeadTreesTest {

    /** Every head section of every sample and corpus capture, with the legs inferred where the capture has both. */
    @ParameterizedTest
    @MethodSource("io.hopsniff.report.SampleCaptures#all")
    void theHeadOfEverySampleAndCorpusCaptureIsTheMappersTree(String capture) throws Exception {
        DecoderConfig config = SampleCaptures.keeping();
        ReportOptions options = new ReportOptions("test", List.of("127.0.0.1:12656"), true, 64,
                new TreeMap<>(Map.of("max_connections", 50_000L)), 10_000);
        try (ReportCollector collector = new ReportCollector(options, DiagnosisSettings.DEFAULTS, Legs.none())) {
            Analyzer analyzer = new Analyzer(config, collector);
            try {
                CaptureFiles.read(RepoPaths.root().resolve(capture), analyzer);
            } catch (IOException | io.hopsniff.capture.CaptureFormatException e) {
                // A truncated or malformed file of the corpus: what was read before is reported.
            }
            analyzer.finish();
            InputJson input = new InputJson(List.of(new InputJson.FileJson(capture, "pcap", List.of("EN10MB"), 3, 400,
                    424, false)), new InputJson.PacketsJson(3, 400, 3, 0, 0, 0, 0, 0, 0));
            JsonReport report = new JsonReport(collector, input, null, 1_796_206_272_131_415_000L);
            report.write(new ByteArrayOutputStream());

            same(collector.summary());
            same(collector.legsJson());
            same(collector.diagnoses());
            same(collector.correlations());
            same(collector.anomalies());
            same(input);
            assertThat(report.head().get("diagnoses")).isEqualTo(JsonMapper.get().valueToTree(collector.diagnoses()));
        }
    }

    private final List<Object> written = new ArrayList<>();

    @Test
    void recordsWithEveryMemberSetAndEveryNullableMemberNull() throws Exception {
        TimeJson time = new TimeJson("2026-12-02T10:11:12.131415Z", 1_796_206_272_131_415_000L);
        same(new ToolJson("hopsniff", "0.1.0", time, List.of("192.168.2.22:12656"), true, 256,
                new TreeMap<>(Map.of("max_connections", 50_000L, "max_header_bytes", 65_536L))));
        same(new ToolJson(null, null, null, null, false, 0, null));
        same(new InputJson(List.of(new InputJson.FileJson("a.pcap", "pcapng", List.of("EN10MB", "LINUX_SLL"), 5,
                600, 700, true)), new InputJson.PacketsJson(1, 2, 3, 4, 5, 6, 7, 8, 9)));
        same(new InputJson(null, null));
        same(new InputJson(List.of(new InputJson.FileJson(null, null, null, 0, 0, 0, false)), null));
        same(new CaptureJson(time, time, 12.5, new CaptureJson.LiveJson("lo", "tcp port 12656", 262_144, time, time,
                "libpcap version 1.10.3", 10, 1, 2, 3, "dash", "hopsniff", true)));
        same(new CaptureJson(null, null, 0.0, new CaptureJson.LiveJson(null, null, 0, null, null, null, 0, 0, 0, 0,
                null, null, null)));
        same(new CaptureJson(null, null, Double.NaN, null));
        TreeMap<String, Long> counts = new TreeMap<>(Map.of("GET", 7L, "CONNECT", 1L, "x\u00e9\"", 0L));
        same(new SummaryJson(1, 2, 3, 4, 5, 6, 7, counts, counts, counts, counts, 8, counts, counts, counts, 9, 10,
                new CorrelationSummaryJson(11, 12L, 13, 14)));
        same(new SummaryJson(0, 0, 0, 0, 0, 0, 0, null, null, null, null, 0, null, null, null, 0, 0));
        same(new LegsJson("inferred", List.of("127.0.0.1:8080"), List.of("127.0.0.1:12656"), List.of("why")));
        same(new LegsJson(null, null, null, null));
        Story story = new Story(3, 1L, 2, 1L, "GET /ws", "GET /ws [added X-Forwarded-For]", List.of("added X"),
                "101", "101", "backend", 0.95);
        same(List.of(new Diagnosis("DIAG_X", "error", "t", "v", "backend", 2, List.of(1L, 2L), List.of(3L),
                List.of(story, new Story(4, null, 5, null, null, null, null, null, null, null, null)),
                List.of("e \u2603"), List.of("c"), "f", "r")));
        same(List.of(new Diagnosis(null, null, null, null, null, 0, List.of(), List.of(), null, List.of(), List.of(),
                null, null)));
        HeaderDiffJson diff = new HeaderDiffJson(List.of(List.of("X-Forwarded-For", "127.0.0.1")),
                List.of(List.of("Connection", "keep-alive")), List.of(List.of("Host", "a", "b")),
                List.of(List.of("x-a", "X-A")));
        same(List.of(new CorrelationJson(1L, 2, 3, 4, 0.875, "same key",
                new CorrelationJson.TargetJson("/ws/1", "/ws/1"), diff, new CorrelationJson.StatusJson(101, 404),
                new CorrelationJson.LatencyJson(1.5, 1.25, 0.25),
                new CorrelationJson.WebSocketPairJson(true, false, true), diff)));
        same(List.of(new CorrelationJson(null, 2, 3, 4, 0, null, new CorrelationJson.TargetJson(null, null),
                new HeaderDiffJson(null, null, null, null), new CorrelationJson.StatusJson(null, null),
                new CorrelationJson.LatencyJson(null, null, null),
                new CorrelationJson.WebSocketPairJson(false, null, null), null)));
        same(Arrays.asList(new AnomalyJson("TCP_X", "warning", 1L, 2L, time, "s", "d"),
                new AnomalyJson(null, null, null, null, null, null, null)));
        same(List.of());
    }

    /** Each member of each head type is set somewhere in the records above (so each branch above is compared). */
    @Test
    void theRecordsAboveSetEveryMemberOfEveryType() throws Exception {
        recordsWithEveryMemberSetAndEveryNullableMemberNull();
        Map<String, Boolean> set = new TreeMap<>();
        for (Object r : written) {
            RecordMembers.collect(r, set);
        }
        assertThat(set.keySet()).contains("ToolJson.limits", "LiveJson.interim", "Story.confidence",
                "WebSocketPairJson.keyRegenerated", "SummaryJson.correlation", "AnomalyJson.detail",
                "PacketsJson.malformed");
        assertThat(set).allSatisfy((member, wasSet) -> assertThat(wasSet).as(member).isTrue());
    }

    private void same(Object value) throws IOException {
        written.add(value);
        JsonNode mine = HeadTrees.of(value);
        JsonNode mappers = JsonMapper.get().valueToTree(value);
        assertThat(mine).isEqualTo(mappers);
        assertThat(new String(HeadTrees.bytes(mine), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(JsonMapper.get().writeValueAsString(mappers))
                .isEqualTo(JsonMapper.get().writeValueAsString(value));
    }
}
