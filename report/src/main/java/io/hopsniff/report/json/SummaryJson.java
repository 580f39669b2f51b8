package io.hopsniff.report.json;

import java.util.SortedMap;

/**
 * Counts for the ten-second read.
 *
 * @param connections          connections listed in the report
 * @param connectionsSkipped   TCP connections seen that carried no HTTP (not listed when no --server was given)
 * @param responses            final (non-1xx) responses
 * @param unanswered           requests that got no final response
 * @param upgrades             101 Switching Protocols, by protocol
 * @param connectTunnels       2xx answers to CONNECT
 * @param limitsHit            anomaly ids of limits that were hit, with how often
 */
public record SummaryJson(long connections, long connectionsSkipped, long transactions, long requests,
                          long responses, long interimResponses, long unanswered,
                          SortedMap<String, Long> methods, SortedMap<String, Long> statusClasses,
                          SortedMap<String, Long> statuses, SortedMap<String, Long> upgrades,
                          long connectTunnels, SortedMap<String, Long> anomalies,
                          SortedMap<String, Long> anomaliesBySeverity, SortedMap<String, Long> limitsHit,
                          long anomaliesListed, long anomaliesNotListed) {
}
