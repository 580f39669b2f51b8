package io.hopsniff.report.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the occurrences of one diagnosis while a rule runs, and makes the {@link Diagnosis}. Local to one rule
 * call, so rules stay pure. Evidence is kept for the first few occurrences only.
 */
final class Finding {

    static final int MAX_EVIDENCE_LINES = 24;

    private final DiagnosisId id;
    private final Set<Long> transactions = new LinkedHashSet<>();
    private final Set<Long> connections = new LinkedHashSet<>();
    private final List<String> evidence = new ArrayList<>();
    private int count;

    Finding(DiagnosisId id) {
        this.id = id;
    }

    /** Counts one occurrence; returns true when its evidence should still be quoted. */
    boolean occurrence(long transaction, long connection) {
        return occurrences(transaction, connection, 1);
    }

    /** Counts {@code n} occurrences of which only the first is known by its ids (the rest were counted, not kept). */
    boolean occurrences(long transaction, long connection, long n) {
        count += (int) Math.min(n, Integer.MAX_VALUE - count);
        if (transaction != 0 && transactions.size() < Diagnosis.MAX_IDS) {
            transactions.add(transaction);
        }
        if (connection != 0 && connections.size() < Diagnosis.MAX_IDS) {
            connections.add(connection);
        }
        return evidence.size() < MAX_EVIDENCE_LINES;
    }

    /**
     * Counts every judged exchange that {@code matches} as one occurrence (see {@link Facts#judged()}), lets
     * {@code quote} add the evidence of the first few, and returns the first match, or null.
     */
    ExchangeFact each(Facts facts, java.util.function.Predicate<ExchangeFact> matches,
                      java.util.function.Consumer<ExchangeFact> quote) {
        ExchangeFact first = null;
        for (ExchangeFact x : facts.judged()) {
            if (!matches.test(x)) {
                continue;
            }
            if (first == null) {
                first = x;
            }
            if (occurrence(x.id(), x.connectionId())) {
                quote.accept(x);
            }
        }
        return first;
    }

    /** Exchanges whose handshake reads as {@code kind}. */
    static java.util.function.Predicate<ExchangeFact> kind(Handshakes.Kind kind) {
        return x -> x.kind() == kind;
    }

    List<String> evidence() {
        return evidence;
    }

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** " (and 2 more like it)" for verdicts. */
    String more() {
        return count > 1 ? " (and " + (count - 1) + " more like it)" : "";
    }

    /** Fills the template's {@code {name}} placeholders. */
    Diagnosis build(Map<String, String> values, List<String> causes, DiagnosisSeverity severity) {
        String verdict = id.verdictTemplate();
        for (Map.Entry<String, String> e : values.entrySet()) {
            verdict = verdict.replace("{" + e.getKey() + "}", e.getValue());
        }
        return new Diagnosis(id.name(), severity.label(), id.title(), verdict, null, count, List.copyOf(transactions),
                List.copyOf(connections), null, evidence, causes, id.fix(), id.reference());
    }

    Diagnosis build(Map<String, String> values) {
        return build(values, id.causes(), id.severity());
    }

    /** The list with the causes at {@code first} moved to the front, in that order; the rest in the catalogue's. */
    static List<String> rank(List<String> causes, int... first) {
        List<String> out = new ArrayList<>(causes.size());
        for (int i : first) {
            out.add(causes.get(i));
        }
        for (int i = 0; i < causes.size(); i++) {
            if (!out.contains(causes.get(i))) {
                out.add(causes.get(i));
            }
        }
        return out;
    }
}
