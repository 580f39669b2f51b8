package io.hopsniff.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Parses byte sizes: "65536", "64k", "64KiB", "64m", "1g". */
final class Sizes implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (v.endsWith("k")) {
            unit = 1L << 10;
        } else if (v.endsWith("m")) {
            unit = 1L << 20;
        } else if (v.endsWith("g")) {
            unit = 1L << 30;
        }
        String number = unit == 1 ? v : v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(number.trim()) * unit;
            if (n <= 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be a positive size");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 65536, 64k, 64m)");
        }
    }
}
