package io.hopsniff.report;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the report is made.
 *
 * @param servers       the --server values as given ("" list: every connection carrying HTTP)
 * @param redact        replace credentials by {@code <redacted:N bytes>}
 * @param bodyBytes     the --body-bytes value (bytes of each body kept)
 * @param limits        the decoder limits in force, by name, for the record
 * @param maxAnomalies  anomaly occurrences listed individually; the rest are only counted
 */
public record ReportOptions(String toolVersion, List<String> servers, boolean redact, int bodyBytes,
                            SortedMap<String, Long> limits, int maxAnomalies) {

    public ReportOptions {
        servers = List.copyOf(servers);
        limits = new TreeMap<>(limits);
    }

    public static ReportOptions defaults(String toolVersion) {
        return new ReportOptions(toolVersion, List.of(), true, 0, new TreeMap<>(), 10_000);
    }
}
