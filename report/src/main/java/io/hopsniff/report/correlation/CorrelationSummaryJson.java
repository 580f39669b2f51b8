package io.hopsniff.report.correlation;

/**
 * {@code summary.correlation}.
 *
 * @param pairs         backend exchanges matched to their front exchange (or TLS front connection)
 * @param frontOnly     front requests that never reached the backend (PROXY_NOT_FORWARDED)
 * @param backendOnly   backend requests with no front request (PROXY_UNMATCHED_BACKEND_REQUEST)
 * @param notCorrelated exchanges beyond the per-leg bound: counted, not correlated
 */
public record CorrelationSummaryJson(long pairs, long frontOnly, long backendOnly, long notCorrelated) {
}
