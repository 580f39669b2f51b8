package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The spool's writer thread: what it writes comes back in order, and its death never hangs the analysis. */
class SpoolTest {

    @Test
    void recordsComeBackInOrderAsTheInsideOfAJsonArray() throws Exception {
        try (Spool spool = new Spool("test", () -> JsonMapper.get().writer())) {
            for (int i = 0; i < 10_000; i++) {
                spool.add(Map.of("n", i));
            }
            String copied = copy(spool);
            assertThat(copied).startsWith("\n    {\"n\":0},\n    {\"n\":1},\n").endsWith(",\n    {\"n\":9999}");
            JsonNode array = JsonMapper.get().readTree("[" + copied + "\n]");
            assertThat(array).hasSize(10_000);
            assertThat(array.get(4321).get("n").asInt()).isEqualTo(4321);
        }
    }

    @Test
    void nothingAddedCopiesNothing() throws Exception {
        try (Spool spool = new Spool("test", () -> JsonMapper.get().writer())) {
            assertThat(spool.size()).isZero();
            assertThat(copy(spool)).isEmpty();
        }
    }

    /**
     * The head editor sees the first bytes of every record, whatever the copy's blocks (records far longer than a
     * block and than the head, multi-byte characters across the cut), and the rest of each record is unchanged.
     */
    @Test
    void headsAreEditedAndTheRestCopiedUnchanged() throws Exception {
        try (Spool spool = new Spool("test", () -> JsonMapper.get().writer())) {
            for (int i = 0; i < 50; i++) {
                spool.add(Map.of("a", "é€😀".repeat(i * 2_000), "id", i));
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            spool.copyTo(out, 16, h -> h.replace("{\"a\":\"", "{\"x\":1,\"a\":\""));
            JsonNode array = JsonMapper.get().readTree("[" + out.toString(StandardCharsets.UTF_8) + "\n]");
            assertThat(array).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(array.get(i).get("x").asInt()).isEqualTo(1);
                assertThat(array.get(i).get("id").asInt()).isEqualTo(i);
                assertThat(array.get(i).get("a").asText()).isEqualTo("é€😀".repeat(i * 2_000));
            }
        }
    }

    /** An interim report copies what was added so far; the spool takes more afterwards, and the end has it all. */
    @Test
    void aCopySoFarLeavesTheSpoolOpen() throws Exception {
        try (Spool spool = new Spool("test", () -> JsonMapper.get().writer())) {
            java.io.ByteArrayOutputStream none = new java.io.ByteArrayOutputStream();
            assertThat(spool.copyTo(none, true)).isZero();
            for (int i = 0; i < 300; i++) {
                spool.add(Map.of("n", i));
            }
            java.io.ByteArrayOutputStream soFar = new java.io.ByteArrayOutputStream();
            spool.copyTo(soFar, true);
            JsonNode first = JsonMapper.get().readTree("[" + soFar.toString(StandardCharsets.UTF_8) + "\n]");
            assertThat(first).hasSize(300);
            for (int i = 300; i < 1000; i++) {
                spool.add(Map.of("n", i));
            }
            JsonNode all = JsonMapper.get().readTree("[" + copy(spool) + "\n]");
            assertThat(all).hasSize(1000);
            assertThat(all.get(999).get("n").asInt()).isEqualTo(999);
        }
    }

    private static String copy(Spool spool) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        spool.copyTo(out);
        return out.toString(StandardCharsets.UTF_8);
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
        assertThatThrownBy(() -> spool.copyTo(java.io.OutputStream.nullOutputStream()))
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
        assertThatThrownBy(() -> spool.copyTo(java.io.OutputStream.nullOutputStream())).isInstanceOf(ReportWriterFailure.class);
        spool.close();
    }
}
