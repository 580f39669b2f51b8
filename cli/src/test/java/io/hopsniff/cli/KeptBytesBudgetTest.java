package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run's budget for kept bytes ({@code --max-kept-bytes}) is given back by every path a message can leave the
 * decoder by: after every sample and corpus capture, with the largest limits and with a budget too small for
 * anything, nothing is still held; nor is anything of the run's other shared bounds (HPACK tables, waiting
 * requests, open streams, the inflaters' memory). A leak would make later messages of a long capture lose their bytes.
 */
class KeptBytesBudgetTest {

    private static final int MAX = 16 << 20;

    static Stream<Path> captures() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(RepoPaths.corpus()), Files.list(RepoPaths.samples()))) {
            return files.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyKeptByteIsGivenBack(Path capture) throws IOException {
        for (long budget : new long[] {Long.MAX_VALUE, 300, 0}) {
            Run run = analyse(capture, budget);
            assertThat(run.analyzer.keptBytes().used()).as("budget " + budget).isZero();
            // the run's other shared bounds are given back by the same paths
            assertThat(run.analyzer.bounds().hpackTables().used()).as("HPACK tables").isZero();
            assertThat(run.analyzer.bounds().waitingRequests().count()).as("waiting requests").isZero();
            assertThat(run.analyzer.bounds().openStreams().count()).as("open streams").isZero();
            assertThat(run.analyzer.bounds().inflate().inflaters().used()).as("inflaters").isZero();
            for (HttpExchange e : run.exchanges) {
                if (e.request() != null) {
                    assertThat(e.request().bodyPrefix().length).isLessThanOrEqualTo((int) Math.min(budget, MAX));
                }
            }
        }
    }

    @Test
    void aSpentBudgetCutsBodiesAndMessagesAndSaysSo() throws IOException {
        Run bodies = analyse(RepoPaths.samples().resolve("curl-keepalive-chunked.pcap"), 0);
        assertThat(bodies.exchanges).anySatisfy(e -> assertThat(e.response().bodyBytes()).isPositive());
        assertThat(bodies.exchanges).allSatisfy(e -> assertThat(e.response().bodyPrefix()).isEmpty());
        assertThat(bodies.types()).contains(AnomalyType.HTTP_KEPT_BYTES_LIMIT);

        Run whole = analyse(RepoPaths.samples().resolve("curl-keepalive-chunked.pcap"), Long.MAX_VALUE);
        assertThat(whole.types()).doesNotContain(AnomalyType.HTTP_KEPT_BYTES_LIMIT);
        assertThat(whole.exchanges).anySatisfy(e -> assertThat(e.response().bodyPrefix()).isNotEmpty());

        Run messages = analyse(RepoPaths.samples().resolve("caddy-ws-ok.pcap"), 0);
        assertThat(messages.types()).contains(AnomalyType.WS_KEPT_BYTES_LIMIT);
        assertThat(analyse(RepoPaths.samples().resolve("caddy-ws-ok.pcap"), Long.MAX_VALUE).types())
                .doesNotContain(AnomalyType.WS_KEPT_BYTES_LIMIT);
    }

    private static Run analyse(Path capture, long budget) throws IOException {
        DecoderConfig d = DecoderConfig.defaults();
        DecoderConfig config = new DecoderConfig(d.servers(), d.tcp(), d.http().withBodyPrefixBytes(MAX),
                d.ws().withPayloadBytesKept(MAX), d.h2(), budget);
        Run run = new Run();
        run.analyzer = new Analyzer(config, run);
        try {
            CaptureFiles.read(capture, run.analyzer);
        } catch (CaptureFormatException e) {
            // a truncated or corrupt corpus file: what was read before it counts
        }
        run.analyzer.finish();
        return run;
    }

    private static final class Run implements AnalysisListener {
        Analyzer analyzer;
        final List<HttpExchange> exchanges = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();

        @Override
        public void exchange(HttpExchange e, ExchangeContext context) {
            exchanges.add(e);
        }

        @Override
        public void connection(ConnectionRecord c) {
        }

        @Override
        public void anomaly(Anomaly a) {
            anomalies.add(a);
        }

        List<AnomalyType> types() {
            return anomalies.stream().map(Anomaly::type).toList();
        }
    }
}
