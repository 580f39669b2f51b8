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
 * @param showHeaders   header names whose values are shown although redaction is on ({@code --show-header})
 * @param redactHeaders header names whose values are always redacted ({@code --redact-header})
 */
public record ReportOptions(String toolVersion, List<String> servers, boolean redact, int bodyBytes,
                            SortedMap<String, Long> limits, int maxAnomalies, List<String> showHeaders,
                            List<String> redactHeaders) {

    public ReportOptions {
        servers = List.copyOf(servers);
        limits = new TreeMap<>(limits);
        showHeaders = List.copyOf(showHeaders);
        redactHeaders = List.copyOf(redactHeaders);
    }

    /** With the default redaction policy. */
    public ReportOptions(String toolVersion, List<String> servers, boolean redact, int bodyBytes,
                         SortedMap<String, Long> limits, int maxAnomalies) {
        this(toolVersion, servers, redact, bodyBytes, limits, maxAnomalies, List.of(), List.of());
    }

    /** The redaction policy these options ask for. */
    public Redactor redactor() {
        return new Redactor(redact, showHeaders, redactHeaders);
    }

    public static ReportOptions defaults(String toolVersion) {
        return new ReportOptions(toolVersion, List.of(), true, 0, new TreeMap<>(), 10_000);
    }
}
