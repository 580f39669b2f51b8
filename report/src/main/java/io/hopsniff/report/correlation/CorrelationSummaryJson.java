package io.hopsniff.report.correlation;

/**
 * {@code summary.correlation}.
 *
 * @param pairs         backend exchanges matched to their front exchange (or TLS front connection)
 * @param frontOnly     front requests that never reached the backend (PROXY_NOT_FORWARDED); null when the capture
 *                      holds no backend leg, so whether they reached it cannot be seen
 * @param backendOnly   backend requests with no front request (PROXY_UNMATCHED_BACKEND_REQUEST)
 * @param notCorrelated exchanges beyond the per-leg bound: counted, not correlated
 */
public record CorrelationSummaryJson(long pairs, Long frontOnly, long backendOnly, long notCorrelated) {
}
