package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.report.json.AnomalyJson;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The anomaly list is bounded (--max-anomalies), but a flood of one connection-level kind must not hide a run-wide
 * one (the heap filling up, a cut file): the first of each run-wide kind past the bound is listed anyway.
 */
class AnomalyListTest {

    @Test
    void theFirstRunWideAnomalyOfEachKindIsListedPastTheBound() throws Exception {
        try (ReportCollector collector = new ReportCollector(
                new ReportOptions("test", List.of(), true, 0, new TreeMap<>(), 3))) {
            for (int i = 1; i <= 5; i++) {
                collector.anomaly(new Anomaly(AnomalyType.TCP_CONNECTION_LIMIT, i, i, 0, "limit=10"));
            }
            collector.anomaly(new Anomaly(AnomalyType.TCP_MEMORY_LIMIT, 6, 0, 0, "first"));
            collector.anomaly(new Anomaly(AnomalyType.TCP_MEMORY_LIMIT, 7, 0, 0, "second"));
            collector.anomaly(new Anomaly(AnomalyType.CAP_TRUNCATED_FILE, 8, 0, 0, "cut"));
            collector.anomaly(new Anomaly(AnomalyType.TCP_GAP, 9, 4, 0, "bytes=1"));

            assertThat(collector.anomalies()).extracting(AnomalyJson::id).containsExactly("TCP_CONNECTION_LIMIT",
                    "TCP_CONNECTION_LIMIT", "TCP_CONNECTION_LIMIT", "TCP_MEMORY_LIMIT", "CAP_TRUNCATED_FILE");
            assertThat(collector.anomalies()).extracting(AnomalyJson::detail).contains("first").doesNotContain("second");
            assertThat(collector.summary().anomaliesListed()).isEqualTo(5);
            assertThat(collector.summary().anomaliesNotListed()).isEqualTo(4);
        }
    }
}
