package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.session.ForwardingListener;
import io.hopsniff.decoder.tcp.ConsumerFailure;
import io.hopsniff.report.JsonMapper;
import io.hopsniff.report.JsonReport;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportOptions;
import io.hopsniff.report.json.InputJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decoder that throws is a bug, never swallowed: an exception injected into one connection's decoding (the
 * listener it calls throws on that connection's first exchange) stops that connection only, is a TCP_CONSUMER_FAILED
 * anomaly on it in the report, one line on stderr with exit code 1 (INTERNAL_ERROR), and under --debug leaves at
 * once with its cause. samples/caddy-ws-ok.pcap has 5 connections carrying 8 exchanges (its expect.json).
 */
class DecoderBugsTest {

    private static final Path SAMPLE = RepoPaths.samples().resolve("caddy-ws-ok.pcap");

    /** Passes everything to the collector, but throws on the first exchange of connection 1. */
    private static AnalysisListener failingOnConnection1(ReportCollector collector) {
        return new ForwardingListener(collector) {
            @Override
            public void exchange(HttpExchange exchange, ExchangeContext context) {
                if (exchange.connectionId() == 1) {
                    throw new IllegalStateException("injected failure");
                }
                super.exchange(exchange, context);
            }
        };
    }

    @Test
    void aFailingDecoderIsReportedOnItsConnectionOnStderrAndWithExitCode1() throws Exception {
        DecoderConfig config = DecoderConfig.defaults();
        try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"))) {
            Analyzer analyzer = new Analyzer(config, failingOnConnection1(collector));
            CaptureFiles.read(SAMPLE, analyzer);
            analyzer.finish();
            assertThat(analyzer.stats().consumerErrors()).isEqualTo(1);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            new JsonReport(collector, new InputJson(List.of(), new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0)),
                    null, 1L).write(json);
            JsonNode report = JsonMapper.get().readTree(json.toByteArray());
            SchemaCheck.assertValid(report);
            assertThat(report.at("/summary/anomalies/TCP_CONSUMER_FAILED").asLong()).isEqualTo(1);
            JsonNode failure = null;
            for (JsonNode a : report.get("anomalies")) {
                if (a.get("id").asText().equals("TCP_CONSUMER_FAILED")) {
                    failure = a;
                }
            }
            assertThat(failure).isNotNull();
            assertThat(failure.get("connection").asLong()).isEqualTo(1);
            assertThat(failure.get("severity").asText()).isEqualTo("error");
            assertThat(failure.get("detail").asText()).startsWith("exception=IllegalStateException: injected failure, at=");
            // the other connections were analysed: only connection 1's exchanges are missing
            for (JsonNode t : report.get("transactions")) {
                assertThat(t.get("connection").asLong()).isNotEqualTo(1);
            }
            assertThat(report.get("transactions")).isNotEmpty();

            StringWriter err = new StringWriter();
            int exit = DecoderBugs.check(analyzer, ExitCodes.OK, new PrintWriter(err, true));
            assertThat(exit).isEqualTo(ExitCodes.INTERNAL_ERROR).isEqualTo(1);
            assertThat(err.toString().lines()).hasSize(1).first().asString()
                    .startsWith("hopsniff: internal error: the decoder failed on 1 connection(s)")
                    .contains("TCP_CONSUMER_FAILED", "--debug");
        }
    }

    @Test
    void underDebugTheFailureLeavesAtOnceWithItsCause() throws Exception {
        try (ReportCollector collector = new ReportCollector(ReportOptions.defaults("test"))) {
            Analyzer analyzer = new Analyzer(DecoderConfig.defaults(), failingOnConnection1(collector)).failFast(true);
            assertThatThrownBy(() -> CaptureFiles.read(SAMPLE, analyzer))
                    .isInstanceOf(ConsumerFailure.class)
                    .hasMessageContaining("connection c1")
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("injected failure");
        }
    }
}
