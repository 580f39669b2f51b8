package io.hopsniff.report.diagnosis;

import java.util.Optional;

/**
 * One diagnosis rule: a pure function from the frozen facts to at most one diagnosis (occurrences are aggregated
 * into it). Rules never see parser state (STYLE.md rule 8).
 */
@FunctionalInterface
public interface Rule {

    Optional<Diagnosis> apply(Facts facts, Evidence evidence);
}
