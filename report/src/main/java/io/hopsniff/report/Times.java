package io.hopsniff.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Report time formatting: ISO-8601 UTC with microseconds, always the same width. */
public final class Times {
    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK_MICROS =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    public static String iso(long epochNanos) {
        return ISO_MICROS.format(instant(epochNanos));
    }

    /** Time of day only, for terminal tables. */
    public static String clock(long epochNanos) {
        return CLOCK_MICROS.format(instant(epochNanos));
    }

    /** Milliseconds with microsecond precision, as a JSON-friendly double. */
    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
