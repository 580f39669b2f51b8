package io.hopsniff.report.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One conclusion about the hop, as it appears in the report's {@code diagnoses} array.
 *
 * @param id           a {@link DiagnosisId} name: stable API, never renamed
 * @param severity     {@code error}, {@code warning}, {@code info} or {@code ok}
 * @param title        the catalogue's title for the id
 * @param verdict      one sentence with the concrete facts (method, path, status, counts)
 * @param leg          the leg whose exchanges show it: "backend" or "front" when the capture's legs are known
 *                     (declared or inferred), null when not
 * @param count        how many client requests (or connections) show it; each story counts once
 * @param transactions ids of the exchanges that show it (the first ones, at most {@link #MAX_IDS})
 * @param connections  ids of the connections that show it (at most {@link #MAX_IDS})
 * @param stories      with both legs: the first few of those requests told end to end (client → proxy → backend
 *                     → answer); null without legs
 * @param evidence     exact request/status/header lines or first bytes, redacted, each prefixed with its
 *                     {@code txN}/{@code cN} and {@code >} (to the backend) or {@code <} (from it)
 * @param causes       likely causes, most likely first
 * @param fix          what to try
 * @param reference    specs and the reference material the rule is built on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Diagnosis(String id, String severity, String title, String verdict, String leg, int count,
                        List<Long> transactions, List<Long> connections, List<Story> stories, List<String> evidence,
                        List<String> causes, String fix, String reference) {

    public static final int MAX_IDS = 20;
    /** Stories told per diagnosis; the rest are counted in {@link #count()}. */
    public static final int MAX_STORIES = 5;

    public Diagnosis {
        transactions = List.copyOf(transactions);
        connections = List.copyOf(connections);
        stories = stories == null ? null : List.copyOf(stories);
        evidence = List.copyOf(evidence);
        causes = List.copyOf(causes);
    }

    /** The same diagnosis with every text that can quote the wire passed through {@code f} (redaction's last pass). */
    public Diagnosis mapTexts(java.util.function.UnaryOperator<String> f) {
        return new Diagnosis(id, severity, title, f.apply(verdict), leg, count, transactions, connections,
                stories == null ? null : stories.stream().map(s -> s.mapTexts(f)).toList(),
                evidence.stream().map(f).toList(), causes, fix, reference);
    }

    /** The same diagnosis placed on a leg, with its stories. */
    public Diagnosis withLegs(String onLeg, List<Story> told) {
        return new Diagnosis(id, severity, title, verdict, onLeg, count, transactions, connections, told, evidence,
                causes, fix, reference);
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
