package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void isoHasMicrosecondsInUtc() {
        // 2026-11-25T19:29:43.123456789Z, truncated (not rounded) to microseconds.
        long nanos = Instant.parse("2026-11-25T19:29:43.123456789Z").getEpochSecond() * 1_000_000_000L + 123_456_789L;
        assertThat(Times.iso(nanos)).isEqualTo("2026-11-25T19:29:43.123456Z");
        assertThat(Times.iso(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        Random r = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long nanos = (long) (r.nextDouble() * 4_000_000_000L) * 1_000_000_000L + r.nextInt(1_000_000_000);
            Instant at = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
            assertThat(Times.iso(nanos)).isEqualTo(REFERENCE.format(at));
        }
    }

    /** Times in a row share the day: across midnights, before 1970 and back and forth between days. */
    @Test
    void consecutiveTimesAcrossDaysAgreeWithJavaTime() {
        long start = -3L * 86_400_000_000_000L + 123_456_789L;
        for (long nanos = start; nanos < 3L * 86_400_000_000_000L; nanos += 37 * 60_000_000_000L + 123_001L) {
            for (long t : new long[] {nanos, nanos - 86_400_000_000_000L, nanos}) {
                Instant at = Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L));
                assertThat(Times.iso(t)).isEqualTo(REFERENCE.format(at));
            }
        }
    }

    /** The clock column is the time of day of the ISO time, as its own formatter prints it. */
    @Test
    void clockAgreesWithJavaTime() {
        java.time.format.DateTimeFormatter clock = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS")
                .withZone(java.time.ZoneOffset.UTC);
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long nanos = (long) ((r.nextDouble() - 0.2) * 4_000_000_000L) * 1_000_000_000L + r.nextInt(1_000_000_000);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            assertThat(Times.clock(nanos)).isEqualTo(clock.format(at));
        }
    }

    /**
     * A latency is what {@code String.format("%.1f ms")} or {@code "%.2f s"} prints, half-up roundings at every
     * boundary included: the Formatter is the definition, the integer arithmetic only faster.
     */
    @Test
    void latencyIsWhatTheFormatterPrints() {
        Random r = new Random(11);
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, 1L, 49_999L, 50_000L, 949_999L,
                950_000L, 999_949_999L, 999_950_000L, 999_999_999L, 1_000_000_000L, 1_004_999_999L, 1_005_000_000L,
                9_995_000_000L, 59_994_999_999L, 86_400_000_000_000L, 999_999_999_999_999L, 1_000_000_000_000_000L,
                -1L, -50_000L, -2_000_000_000L, Long.MAX_VALUE / 1000));
        for (int i = 0; i < 100_000; i++) {
            long scale = new long[] {1_000L, 1_000_000L, 1_000_000_000L, 100_000_000_000L}[i % 4];
            values.add((long) (r.nextDouble() * scale * 1_000));
            values.add((r.nextInt(200_000) * 50_000L)); // on the ms rounding boundaries
            values.add((r.nextInt(200_000) * 5_000_000L)); // on the s rounding boundaries
        }
        for (long nanos : values) {
            String want = nanos < 1_000_000_000L ? String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6)
                    : String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
            assertThat(Times.latency(nanos)).as("%d ns", nanos).isEqualTo(want);
        }
    }
}
