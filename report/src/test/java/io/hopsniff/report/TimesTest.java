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
}
