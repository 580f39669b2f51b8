package io.hopsniff.decoder.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.tcp.HeapPressure;
import io.hopsniff.testkit.LoopbackPcap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the analyzer does when the heap watch says the heap stayed nearly full after a collection (here a watch
 * that says so once, at its third look, so the test does not depend on the heap): a quarter fewer connections
 * tracked from then on, the least recently active evicted, every run-wide bound halved, and one anomaly that says
 * all of it. Each connection below is 5 packets (SYN, SYN-ACK, ACK, the start of a head, its ACK), the watch looks
 * every 1024 packets: at its third look, packet 3072, connections 0..614 have started (the 615th at packet 3071).
 */
class HeapReliefTest {

    private static final int CONNECTIONS = 1000;

    /** Says "yes" once, at the {@code at}th look. */
    private static final class OnceAt implements HeapPressure {
        private final int at;
        private int looks;

        OnceAt(int at) {
            this.at = at;
        }

        @Override
        public boolean risen() {
            return ++looks == at;
        }

        @Override
        public String detail() {
            return "heap=99 of 100 MiB live after a collection (test)";
        }
    }

    @Test
    void aQuarterFewerConnectionsAndHalfOfEveryRunWideBound() throws Exception {
        AnalyzerTest.Recorder out = new AnalyzerTest.Recorder();
        Analyzer analyzer = new Analyzer(DecoderConfig.defaults(), out, new OnceAt(3));
        try (LoopbackPcap w = new LoopbackPcap()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                w.connection(20000 + i).open().client("GET /ws/" + i + " HTTP/1.1\r\nHost: dashboard\r\n");
            }
            w.close();
            CaptureFiles.read(w.file, analyzer);
        }
        analyzer.finish();

        List<Anomaly> relief = out.anomalies.stream().filter(a -> a.type() == AnomalyType.TCP_MEMORY_LIMIT).toList();
        assertThat(relief).hasSize(1);
        // 615 tracked, 615 - 615 / 4 = 462 kept; 48 MiB, 24 MiB, 32 MiB, 24 MiB, 20 000, 20 000 and 32 MiB halved
        assertThat(relief.get(0).detail()).isEqualTo("heap=99 of 100 MiB live after a collection (test); now at most:"
                + " connections=462 (615 were tracked), reassembly_all=25165824, compare_all=12582912,"
                + " kept_bytes=16777216, hpack_tables=12582912, waiting_requests_all=10000, open_streams_all=10000,"
                + " inflaters=16777216");
        assertThat(relief.get(0).connectionId()).isZero();
        assertThat(analyzer.keptBytes().limit()).isEqualTo(KeptBytes.DEFAULT_LIMIT / 2);

        // every connection past the 462nd evicts the least recently active one: 153 at once, then one per new one
        List<Anomaly> evicted = out.anomalies.stream().filter(a -> a.type() == AnomalyType.TCP_CONNECTION_LIMIT)
                .toList();
        assertThat(evicted).hasSize(CONNECTIONS - 462);
        assertThat(evicted).allSatisfy(a -> assertThat(a.detail()).startsWith("limit=462 (lowered from 50000:"));
        assertThat(evicted.get(0).connectionId()).isEqualTo(1);
        assertThat(evicted.get(152).connectionId()).isEqualTo(153);
        assertThat(analyzer.stats().evicted()).isEqualTo(CONNECTIONS - 462);
        assertThat(out.connections).hasSize(CONNECTIONS);
    }
}
