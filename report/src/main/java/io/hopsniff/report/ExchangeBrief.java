package io.hopsniff.report;

/**
 * One line of the terminal table, kept in memory (bounded) while the full exchange goes to the spool.
 *
 * @param status    the final status, 0 when none came
 * @param latencyNs from request end to first response byte, or -1
 */
public record ExchangeBrief(long id, long connection, long timeNanos, String client, String method, String target,
                            int status, long latencyNs, boolean anomalous) {
}
