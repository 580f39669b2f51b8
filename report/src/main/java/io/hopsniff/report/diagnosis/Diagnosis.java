package io.hopsniff.report.diagnosis;

import java.util.List;

/**
 * One conclusion about the hop, as it appears in the report's {@code diagnoses} array.
 *
 * @param id           a {@link DiagnosisId} name: stable API, never renamed
 * @param severity     {@code error}, {@code warning}, {@code info} or {@code ok}
 * @param title        the catalogue's title for the id
 * @param verdict      one sentence with the concrete facts (method, path, status, counts)
 * @param transactions ids of the exchanges that show it (the first ones, at most {@link #MAX_IDS})
 * @param connections  ids of the connections that show it (at most {@link #MAX_IDS})
 * @param evidence     exact request/status/header lines or first bytes, redacted, each prefixed with its
 *                     {@code txN}/{@code cN} and {@code >} (to the backend) or {@code <} (from it)
 * @param causes       likely causes, most likely first
 * @param fix          what to try
 * @param reference    specs and the reference material the rule is built on
 */
public record Diagnosis(String id, String severity, String title, String verdict, List<Long> transactions,
                        List<Long> connections, List<String> evidence, List<String> causes, String fix,
                        String reference) {

    public static final int MAX_IDS = 20;

    public Diagnosis {
        transactions = List.copyOf(transactions);
        connections = List.copyOf(connections);
        evidence = List.copyOf(evidence);
        causes = List.copyOf(causes);
    }

    public DiagnosisSeverity severityLevel() {
        return DiagnosisSeverity.valueOf(severity.toUpperCase(java.util.Locale.ROOT));
    }

    /** {@code tx3 c2}: the first transaction and connection, for one-line displays. */
    public String where() {
        StringBuilder b = new StringBuilder();
        if (!transactions.isEmpty()) {
            b.append("tx").append(transactions.get(0));
        }
        if (!connections.isEmpty()) {
            b.append(b.length() > 0 ? " " : "").append('c').append(connections.get(0));
        }
        return b.toString();
    }
}
