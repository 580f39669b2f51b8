package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hopsniff.report.correlation.CorrelationSummaryJson;
import java.util.SortedMap;

/**
 * Counts for the ten-second read.
 *
 * @param connections          connections listed in the report
 * @param connectionsSkipped   TCP connections seen that carried no HTTP (not listed when no --server was given)
 * @param responses            final (non-1xx) responses
 * @param unanswered           requests that got no final response
 * @param upgrades             switches to another protocol, by protocol: 101 Switching Protocols, and the 2xx to
 *                             an HTTP/2 extended CONNECT that opened a WebSocket (RFC 8441)
 * @param connectTunnels       2xx answers to CONNECT
 * @param limitsHit            anomaly ids of limits that were hit, with how often
 * @param correlation          front ↔ backend pairing counts; null when no --front was given
 */
public record SummaryJson(long connections, long connectionsSkipped, long transactions, long requests,
                          long responses, long interimResponses, long unanswered,
                          SortedMap<String, Long> methods, SortedMap<String, Long> statusClasses,
                          SortedMap<String, Long> statuses, SortedMap<String, Long> upgrades,
                          long connectTunnels, SortedMap<String, Long> anomalies,
                          SortedMap<String, Long> anomaliesBySeverity, SortedMap<String, Long> limitsHit,
                          long anomaliesListed, long anomaliesNotListed,
                          @JsonInclude(JsonInclude.Include.NON_NULL) CorrelationSummaryJson correlation) {

    /** Without correlation. */
    public SummaryJson(long connections, long connectionsSkipped, long transactions, long requests,
                       long responses, long interimResponses, long unanswered,
                       SortedMap<String, Long> methods, SortedMap<String, Long> statusClasses,
                       SortedMap<String, Long> statuses, SortedMap<String, Long> upgrades,
                       long connectTunnels, SortedMap<String, Long> anomalies,
                       SortedMap<String, Long> anomaliesBySeverity, SortedMap<String, Long> limitsHit,
                       long anomaliesListed, long anomaliesNotListed) {
        this(connections, connectionsSkipped, transactions, requests, responses, interimResponses, unanswered,
                methods, statusClasses, statuses, upgrades, connectTunnels, anomalies, anomaliesBySeverity, limitsHit,
                anomaliesListed, anomaliesNotListed, null);
    }
}
