package io.hopsniff.capture.file;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** if_tsresol edge values (draft-ietf-opsawg-pcapng: 10^-n when the top bit is clear, 2^-n when set). */
class TimestampScaleTest {

    @Test
    void picoseconds() {
        // 1000.123456789012 s in units of 10^-12: the sub-nanosecond digits are dropped.
        assertThat(TimestampScale.of(12, 0).toNanos(1_000_123_456_789_012L)).isEqualTo(1_000_123_456_789L);
    }

    @Test
    void wholeSeconds() {
        assertThat(TimestampScale.of(0, 0).toNanos(1_600_000_000L)).isEqualTo(1_600_000_000_000_000_000L);
    }

    @Test
    void finestPowerOfTwo() {
        // 2^-63 s per unit: 2^62 units is half a second, 2^63 - 1 units is just under a second.
        TimestampScale scale = TimestampScale.of(0x80 | 63, 0);
        assertThat(scale.toNanos(1L << 62)).isEqualTo(500_000_000L);
        assertThat(scale.toNanos(Long.MAX_VALUE)).isEqualTo(999_999_999L);
        assertThat(scale.toNanos(-1L)).isEqualTo(1_999_999_999L);
    }

    @Test
    void negativeOffsetGoesBefore1970() {
        assertThat(TimestampScale.of(9, -10).toNanos(5)).isEqualTo(-9_999_999_995L);
    }

    @Test
    void beyondTheLongRangeIsReported() {
        assertThat(TimestampScale.of(6, 0).toNanos(-1L)).isEqualTo(TimestampScale.OUT_OF_RANGE);
        assertThat(TimestampScale.of(9, Long.MAX_VALUE).toNanos(1)).isEqualTo(TimestampScale.OUT_OF_RANGE);
    }

    @Test
    void unrepresentableResolutions() {
        assertThat(TimestampScale.supports(19)).isFalse();
        assertThat(TimestampScale.supports(0x80 | 64)).isFalse();
        assertThat(TimestampScale.supports(18)).isTrue();
    }
}
