package io.hopsniff.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Parses "30s", "5m", "1h", "500ms" or a plain number of seconds. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))), value);
            }
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            long n = Long.parseLong(number);
            if (n > MAX.toSeconds()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too long (at most 87600h)");
            }
            return positive(switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 5m, 1h)");
                    }
                    yield Duration.ofSeconds(n);
                }
            }, value);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 5m, 1h)");
        }
    }

    /** Ten years: longer than any capture, short enough that nanoseconds of it fit in a long. */
    static final Duration MAX = Duration.ofHours(87_600);

    private static Duration positive(Duration d, String value) {
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
        }
        if (d.compareTo(MAX) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too long (at most 87600h)");
        }
        return d;
    }
}
