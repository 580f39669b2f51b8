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
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return ISO_MICROS.format(instant(epochNanos));
        }
        // By hand: DateTimeFormatter's fraction printing goes through BigDecimal, and reports print a lot of times.
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        long micros = Math.floorMod(epochNanos, 1_000_000_000L) / 1_000;
        StringBuilder b = new StringBuilder(27);
        b.append(date.getYear()).append('-');
        two(b, date.getMonthValue()).append('-');
        two(b, date.getDayOfMonth()).append('T');
        two(b, secondOfDay / 3600).append(':');
        two(b, secondOfDay / 60 % 60).append(':');
        two(b, secondOfDay % 60).append('.');
        String frac = Long.toString(micros);
        for (int i = frac.length(); i < 6; i++) {
            b.append('0');
        }
        return b.append(frac).append('Z').toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
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
