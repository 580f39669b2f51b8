package io.hopsniff.capture.file;

/**
 * Turns a pcapng interface's 64-bit timestamp count into epoch nanoseconds, per its {@code if_tsresol}
 * (a power of 10 when the top bit is clear, of 2 when set; default 10^-6) and {@code if_tsoffset} (seconds).
 */
final class TimestampScale {

    /** Signals a count that does not fit in epoch nanoseconds (beyond the years 1677..2262). */
    static final long OUT_OF_RANGE = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** The default when an interface has no if_tsresol. Declared after the table it needs. */
    static final TimestampScale MICROS = of(6, 0);

    private final int tsresol;
    private final long offsetSeconds;
    /** Powers of 10 up to 10^-9: nanos = units * multiplier while units <= maxUnits. */
    private final long multiplier;
    private final long maxUnits;
    /** Finer powers of 10: nanos = units / divisor. */
    private final long divisor;
    /** Powers of 2: seconds = units >>> shift. */
    private final int shift;

    private TimestampScale(int tsresol, long offsetSeconds, long multiplier, long divisor, int shift) {
        this.tsresol = tsresol;
        this.offsetSeconds = offsetSeconds;
        this.multiplier = multiplier;
        this.maxUnits = multiplier == 0 ? 0 : Long.MAX_VALUE / multiplier;
        this.divisor = divisor;
        this.shift = shift;
    }

    /** True when this implementation can represent the {@code if_tsresol} value. */
    static boolean supports(int tsresol) {
        return (tsresol & 0x80) == 0 ? tsresol < POWERS_OF_TEN.length : (tsresol & 0x7f) < 64;
    }

    /** @param tsresol the raw if_tsresol byte; see {@link #supports(int)} */
    static TimestampScale of(int tsresol, long offsetSeconds) {
        if (!supports(tsresol)) {
            throw new IllegalArgumentException("unsupported if_tsresol " + tsresol);
        }
        if ((tsresol & 0x80) != 0) {
            return new TimestampScale(tsresol, offsetSeconds, 0, 0, tsresol & 0x7f);
        }
        if (tsresol <= 9) {
            return new TimestampScale(tsresol, offsetSeconds, POWERS_OF_TEN[9 - tsresol], 0, 0);
        }
        return new TimestampScale(tsresol, offsetSeconds, 0, POWERS_OF_TEN[tsresol - 9], 0);
    }

    int tsresol() {
        return tsresol;
    }

    long offsetSeconds() {
        return offsetSeconds;
    }

    /** Epoch nanoseconds for an unsigned count of units, or {@link #OUT_OF_RANGE}. Fractions are truncated. */
    long toNanos(long units) {
        if (multiplier != 0) {
            if (units >= 0 && units <= maxUnits && offsetSeconds == 0) {
                return units * multiplier;
            }
            long perSecond = POWERS_OF_TEN[9] / multiplier;
            return combine(Long.divideUnsigned(units, perSecond), Long.remainderUnsigned(units, perSecond) * multiplier);
        }
        if (divisor != 0) {
            long perSecond = POWERS_OF_TEN[tsresol];
            long fractionNanos = Long.remainderUnsigned(units, perSecond) / divisor;
            return combine(Long.divideUnsigned(units, perSecond), fractionNanos);
        }
        long seconds = units >>> shift;
        long fraction = shift == 0 ? 0 : units & ((1L << shift) - 1);
        return combine(seconds, fractionOfPowerOfTwo(fraction, shift));
    }

    /** floor(fraction * 10^9 / 2^shift) without overflow, for fraction < 2^shift. */
    static long fractionOfPowerOfTwo(long fraction, int shift) {
        if (shift == 0) {
            return 0;
        }
        long low = fraction * NANOS_PER_SECOND;
        long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
        return (high << (64 - shift)) | (low >>> shift);
    }

    /** @param seconds unsigned; may be beyond the signed range */
    private long combine(long seconds, long fractionNanos) {
        long maxSeconds = Long.MAX_VALUE / NANOS_PER_SECOND - 1;
        if (seconds < 0 || seconds > maxSeconds) {
            return OUT_OF_RANGE;
        }
        long total = seconds + offsetSeconds;
        // seconds is non-negative, so only a positive offset can overflow, and then the sum wraps below seconds.
        if (offsetSeconds > 0 && total < seconds || total > maxSeconds || total < -maxSeconds) {
            return OUT_OF_RANGE;
        }
        return total * NANOS_PER_SECOND + fractionNanos;
    }
}
