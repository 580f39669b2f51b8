package io.hopsniff.decoder.anomaly;

/**
 * One occurrence of an anomaly.
 *
 * @param connectionId  the connection it concerns, or 0 when none
 * @param transactionId the transaction it concerns, or 0 when none
 * @param detail        the variable part ({@code expected=…, found=…}); never payload or credentials
 */
public record Anomaly(AnomalyType type, long timestampNanos, long connectionId, long transactionId, String detail) {
}
