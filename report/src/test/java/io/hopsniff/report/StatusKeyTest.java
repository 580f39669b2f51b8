package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report's "statuses" keys are the status as "%03d" (java.util.Formatter: zero-padded to width 3). */
class StatusKeyTest {

    @Test
    void threeDigitsAsFormatterPadsThem() {
        assertThat(ReportCollector.statusKey(200)).isEqualTo("200");
        assertThat(ReportCollector.statusKey(101)).isEqualTo("101");
        assertThat(ReportCollector.statusKey(999)).isEqualTo("999");
        assertThat(ReportCollector.statusKey(0)).isEqualTo("000");
        assertThat(ReportCollector.statusKey(42)).isEqualTo("042");
        assertThat(ReportCollector.statusKey(1000)).isEqualTo("1000");
        assertThat(ReportCollector.statusKey(-1)).isEqualTo("-01");
    }
}
