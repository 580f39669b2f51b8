package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.correlation.Legs;
import io.hopsniff.report.diagnosis.DiagnosisSettings;
import io.hopsniff.report.json.ConnectionJson;
import io.hopsniff.report.json.DirectionJson;
import io.hopsniff.report.json.Http2Json;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.json.MessageJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.TlsJson;
import io.hopsniff.report.json.TransactionJson;
import io.hopsniff.report.json.WebSocketJson;
import io.hopsniff.testkit.RepoPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written serialisation of the spooled records is the mapper's, byte for byte: the mapper (Jackson's
 * databind over the annotated records) is the definition of the report's format, this is only faster.
 */
class SpooledRecordWriterTest {

    private static final ObjectWriter MAPPER = JsonMapper.get().writer();
    private static final InputJson INPUT = new InputJson(List.of(),
            new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0));

    /**
     * Every exchange and connection of every sample and corpus capture, with bodies and WebSocket messages kept:
     * read back from the report into the record types, then written both ways.
     */
    @ParameterizedTest
    @MethodSource("io.hopsniff.report.SampleCaptures#all")
    void everyRecordOfTheSamplesAndTheCorpusIsWrittenAsTheMapperWritesIt(String capture) throws Exception {
        JsonNode report = analyse(capture);
        int checked = 0;
        for (JsonNode t : report.get("transactions")) {
            check(JsonMapper.get().treeToValue(t, TransactionJson.class));
            checked++;
        }
        for (JsonNode c : report.get("connections")) {
            check(JsonMapper.get().treeToValue(c, ConnectionJson.class));
            checked++;
        }
        assertThat(checked).isEqualTo(report.get("transactions").size() + report.get("connections").size());
    }

    @Test
    void recordsWithEveryMemberSetAndEveryNullableMemberNull() throws Exception {
        TimeJson time = new TimeJson("2026-12-02T10:11:12.131415Z", 1_796_206_272_131_415_000L);
        MessageJson request = new MessageJson("GET", "/ws/abc?token=[redacted]", null, null, "HTTP/1.1",
                List.of(List.of("Host", "dash:12656"), List.of("Upgrade", "websocket"), Arrays.asList("X-Null", null)),
                List.of(List.of("Grpc-Status", "0")), time, time, null, 123, 0, "none", true,
                new MessageJson.BodyPrefixJson("base64", "AAEC", 3));
        MessageJson interim = new MessageJson(null, null, 100, "Continue", "HTTP/1.1", List.of(), null, time, null,
                null, 25, 0, "none", true, null);
        MessageJson response = new MessageJson(null, null, 101, "Switching \"Protocols\" \u00e9\u2603", "HTTP/1.1",
                List.of(List.of("Connection", "Upgrade")), null, time, time, time, 129, 17, "content-length", false,
                new MessageJson.BodyPrefixJson(null, null, 0));
        TreeMap<String, Long> opcodes = new TreeMap<>(Map.of("text", 2L, "binary", 0L, "close", 1L, "ping", 0L,
                "pong", 0L, "continuation", 0L));
        WebSocketJson ws = new WebSocketJson(
                new WebSocketJson.Side(3, 120, 2, opcodes, 1000, "bye", time, time, 8192L, 25L),
                new WebSocketJson.Side(0, 0, 0, opcodes, null, null, null, null, null, null),
                "graphql-ws", "permessage-deflate", "client", true, "close", "server", 12.5, false,
                List.of(new WebSocketJson.Message("c2s", time, "text", 30, true, true, "utf-8", "{\"hello\":1}"),
                        new WebSocketJson.Message("s2c", null, "binary", 2, false, false, null, null)));
        same(new TransactionJson(7, 3, 2, "http/1.1", "10.0.0.1:5000", "10.0.0.2:12656", "backend", request,
                List.of(interim, interim), response, 0.1, 1e-7, "websocket", 5L, ws, List.of("WS_X", "HTTP_Y")));
        same(new TransactionJson(1, 1, 1, null, null, null, null, null, null, null, null, null, null, null, null,
                null));
        same(new TransactionJson(1, 1, 1, "h2c", "a", "b", null, Arrays.asList(interim, null), null, 3.0, 1e21,
                null, null, null, List.of()));
        same(new TransactionJson(1, 1, 1, "h2c", "a", "b", null, null, null, Double.NaN, -0.0, null, null,
                new WebSocketJson(null, null, null, null, null, false, null, null, 0, true, null), List.of()));

        DirectionJson d = new DirectionJson(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        TlsJson tls = new TlsJson("dash.example", List.of("h2", "http/1.1"), List.of("TLS 1.3"), "TLS 1.2", 17,
                "TLS 1.3", "h2", Boolean.TRUE, "chosen ALPN hidden under TLS 1.3");
        Http2Json h2 = new Http2Json(true, false, Map.of("s2c", Map.of("SETTINGS", 1L, "DATA", 4L), "c2s",
                Map.of("HEADERS", 2L)), Map.of("s2c", 10L, "c2s", 20L), Map.of("c2s", 0L, "s2c", 0L),
                Map.of("opened", 2L, "closed", 1L, "reset", 1L), new TreeMap<>(Map.of("s2c", "NO_ERROR")),
                Map.of("c2s", Map.of("MAX_FRAME_SIZE", 16384L, "ENABLE_PUSH", 0L), "s2c", Map.of()));
        same(new ConnectionJson(4, "10.0.0.1:5000", "10.0.0.2:12656", "1:abc=", "front", time, time, 12.25,
                "fin", true, false, "ShADadFf", "http/1.1", "websocket", 2, d, d, tls, h2,
                new ConnectionJson.PreambleJson("proxy-v1", "1.2.3.4:5", "6.7.8.9:10", "accepted"), ws));
        same(new ConnectionJson(5, null, null, null, null, null, null, 0.0, null, false, false, null, null, null,
                0, null, null, new TlsJson(null, List.of(), List.of(), null, null, null, null, null, null),
                new Http2Json(false, false, null, null, null, null, null, null), null, null));
    }

    @Test
    void otherRecordsGoToTheMapper() throws Exception {
        DirectionJson d = new DirectionJson(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(new String(SpooledRecordWriter.bytes(d, MAPPER), StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writeValueAsString(d));
    }

    /** Every record written by the test above, to show that each member of each type was set at least once. */
    private final List<Object> written = new ArrayList<>();

    private void same(Object record) throws IOException {
        written.add(record);
        check(record);
    }

    /**
     * A member the writer forgot would be missing from both sides of a comparison of records read back from its
     * own reports; the records built above set each member of each type somewhere, which this proves.
     */
    @Test
    void theRecordsAboveSetEveryMemberOfEveryTypeTheWriterHandles() throws Exception {
        recordsWithEveryMemberSetAndEveryNullableMemberNull();
        Map<String, Boolean> set = new TreeMap<>();
        for (Object r : written) {
            RecordMembers.collect(r, set);
        }
        assertThat(set.keySet()).contains("TransactionJson.websocket", "ConnectionJson.http2", "Side.closeCode",
                "Message.data", "PreambleJson.status", "BodyPrefixJson.bytes", "TimeJson.epochNs");
        assertThat(set).allSatisfy((member, wasSet) -> assertThat(wasSet).as(member).isTrue());
    }

    private static void check(Object record) throws IOException {
        assertThat(new String(SpooledRecordWriter.bytes(record, MAPPER), StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writeValueAsString(record));
    }

    private static JsonNode analyse(String capture) throws Exception {
        DecoderConfig config = SampleCaptures.keeping();
        ReportOptions options = new ReportOptions("test", List.of(), true, 64, new TreeMap<>(), 10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReportCollector collector = new ReportCollector(options, DiagnosisSettings.DEFAULTS, Legs.none())) {
            Analyzer analyzer = new Analyzer(config, collector);
            try {
                CaptureFiles.read(RepoPaths.root().resolve(capture), analyzer);
            } catch (IOException | io.hopsniff.capture.CaptureFormatException e) {
                // A truncated or malformed file of the corpus: what was read before is reported.
            }
            analyzer.finish();
            new JsonReport(collector, INPUT, null, 1L).write(out);
        }
        return JsonMapper.get().readTree(out.toByteArray());
    }
}
