package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The spool's writer thread: what it writes comes back in order, and its death never hangs the analysis. */
class SpoolTest {

    @Test
    void linesComeBackInOrder() throws Exception {
        try (Spool spool = new Spool("test", () -> JsonMapper.get().writer())) {
            for (int i = 0; i < 10_000; i++) {
                spool.add(Map.of("n", i));
            }
            List<String> lines = new ArrayList<>();
            spool.forEach(lines::add);
            assertThat(lines).hasSize(10_000);
            assertThat(lines.get(0)).isEqualTo("{\"n\":0}");
            assertThat(lines.get(9_999)).isEqualTo("{\"n\":9999}");
        }
    }

    /**
     * The writer dies of OutOfMemoryError on the first record. Before, the thread ended, the queue (4096 places) filled
     * and the analysis thread waited forever in {@code add}: many more records than the queue holds must go through
     * and reading the spool must fail, not return an empty report.
     */
    @Test
    @Timeout(60)
    void writerOutOfMemoryFailsTheReadInsteadOfHanging() {
        Spool spool = new Spool("test", () -> JsonMapper.get().writer());
        Supplier<Object> dies = () -> {
            throw new OutOfMemoryError("Java heap space");
        };
        spool.add(dies);
        for (int i = 0; i < 50_000; i++) {
            spool.add(Map.of("n", i));
        }
        assertThatThrownBy(() -> spool.forEach(line -> { }))
                .isInstanceOf(ReportWriterFailure.class)
                .hasMessageContaining("OutOfMemoryError")
                .hasMessageContaining("no report was written")
                .hasMessageContaining("HOPSNIFF_JAVA_OPTS");
        spool.close();
    }

    @Test
    @Timeout(60)
    void aRecordThatCannotBeSerialisedFailsTheRead() {
        Spool spool = new Spool("test", () -> JsonMapper.get().writer());
        Object selfReferencing = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        spool.add(selfReferencing);
        for (int i = 0; i < 10_000; i++) {
            spool.add(Map.of("n", i));
        }
        assertThatThrownBy(() -> spool.forEach(line -> { })).isInstanceOf(ReportWriterFailure.class);
        spool.close();
    }
}
