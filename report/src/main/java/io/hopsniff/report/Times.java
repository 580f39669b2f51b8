package io.hopsniff.report;

import java.nio.charset.StandardCharsets;
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

    /** A day and its "yyyy-MM-ddT": consecutive times are mostly on the same day. */
    private record Day(long epochDay, byte[] prefix) {
    }

    /** The day last printed; a race between threads only makes one of them compute it again. */
    private static volatile Day lastDay = new Day(Long.MIN_VALUE, new byte[0]);

    public static String iso(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        Day day = lastDay;
        if (day.epochDay() != days) {
            java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
            if (date.getYear() < 1000 || date.getYear() > 9999) {
                return ISO_MICROS.format(instant(epochNanos));
            }
            day = new Day(days, (date + "T").getBytes(StandardCharsets.US_ASCII));
            lastDay = day;
        }
        // By hand into one array: DateTimeFormatter's fraction printing goes through BigDecimal, and a report prints
        // six times per exchange (a StringBuilder, a LocalDate and the fraction's String each time before).
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        int micros = (int) (Math.floorMod(epochNanos, 1_000_000_000L) / 1_000);
        byte[] b = new byte[27];
        System.arraycopy(day.prefix(), 0, b, 0, 11);
        two(b, 11, secondOfDay / 3600);
        b[13] = ':';
        two(b, 14, secondOfDay / 60 % 60);
        b[16] = ':';
        two(b, 17, secondOfDay % 60);
        b[19] = '.';
        for (int i = 25; i >= 20; i--) {
            b[i] = (byte) ('0' + micros % 10);
            micros /= 10;
        }
        b[26] = 'Z';
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static void two(byte[] b, int at, int v) {
        b[at] = (byte) ('0' + v / 10);
        b[at + 1] = (byte) ('0' + v % 10);
    }

    /** Time of day only, for terminal tables. */
    public static String clock(long epochNanos) {
        String iso = iso(epochNanos);
        return iso.length() == 27 ? iso.substring(11, 26) : CLOCK_MICROS.format(instant(epochNanos));
    }

    /**
     * A latency as the text summary prints it: {@code %.1f ms} below a second, else {@code %.2f s}, rounded half up
     * as {@link java.util.Formatter} rounds. By integer arithmetic where that is exact (a non-negative count below
     * 10^15 ns, whose quotient's shortest decimal is the exact one): the Formatter took a tenth of a millisecond a
     * line cold, and the summary prints 200.
     */
    public static String latency(long nanos) {
        if (nanos < 0 || nanos >= 1_000_000_000_000_000L) {
            return nanos < 1_000_000_000L ? String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6)
                    : String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (nanos < 1_000_000_000L) {
            long tenths = (nanos + 50_000) / 100_000;
            return (tenths / 10) + "." + (tenths % 10) + " ms";
        }
        long hundredths = (nanos + 5_000_000) / 10_000_000;
        long cents = hundredths % 100;
        return (hundredths / 100) + (cents < 10 ? ".0" : ".") + cents + " s";
    }

    /** Milliseconds with microsecond precision, as a JSON-friendly double. */
    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
