package io.hopsniff.report.json;

import io.hopsniff.report.Times;

/** A point in time: ISO-8601 UTC with microseconds, and the raw epoch nanoseconds. */
public record TimeJson(String utc, long epochNs) {
    public static TimeJson of(long epochNanos) {
        return epochNanos == 0 ? null : new TimeJson(Times.iso(epochNanos), epochNanos);
    }
}
