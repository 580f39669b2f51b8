package io.hopsniff.report.diagnosis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the catalogue for people: {@code hopsniff explain} and the generated {@code docs/diagnoses.md}.
 * Regenerate the page with the command in {@link #REGENERATE}.
 */
public final class Catalogue {

    public static final String REGENERATE = "mvn -B -o -q -pl report -am compile && "
            + "java -cp report/target/classes io.hopsniff.report.diagnosis.Catalogue docs/diagnoses.md";

    private Catalogue() {
    }

    /** One line per id: severity, id, title. */
    public static String list() {
        StringBuilder b = new StringBuilder();
        for (DiagnosisId id : DiagnosisId.values()) {
            b.append(String.format("%-8s %-34s %s%n", id.severity().label().toUpperCase(java.util.Locale.ROOT),
                    id.name(), id.title()));
        }
        return b.toString();
    }

    /** The whole entry, for a terminal. */
    public static String explain(DiagnosisId id) {
        StringBuilder b = new StringBuilder();
        b.append(id.name()).append("  (").append(id.severity().label()).append(")\n");
        b.append(id.title()).append("\n\n");
        b.append("Verdict:   ").append(id.verdictTemplate()).append("\n\n");
        b.append("Likely causes, most likely first:\n");
        int n = 1;
        for (String c : id.causes()) {
            b.append("  ").append(n++).append(". ").append(c).append('\n');
        }
        b.append("\nFix:       ").append(id.fix()).append('\n');
        b.append("Reference: ").append(id.reference()).append('\n');
        return b.toString();
    }

    /** docs/diagnoses.md. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Diagnoses\n\n");
        b.append("<!-- GENERATED from report/src/main/java/io/hopsniff/report/diagnosis/DiagnosisId.java; do not edit.\n");
        b.append("     Regenerate: ").append(REGENERATE).append(" -->\n\n");
        b.append("hopsniff ends every analysis with diagnoses: plain-language verdicts about the proxy→backend hop, each\n");
        b.append("with the transactions (`txN`), connections (`cN`) and exact wire lines that show it. They lead the text\n");
        b.append("summary (most severe first) and fill the `diagnoses` array of the JSON report (docs/report-format.md).\n");
        b.append("`hopsniff explain ID` prints one entry; `hopsniff explain` lists them. Ids are stable: never renamed.\n\n");
        b.append("Rules are pure functions over a bounded set of facts (upgrade attempts, CONNECT, `PRI *`, 101s,\n");
        b.append("unanswered requests, refused connections). `--route TEMPLATE` (repeatable, e.g. `/ws/{session_id}`) tells\n");
        b.append("them the backend's WebSocket routes, to separate a wrong path from an app refusal. To quote refusal texts\n");
        b.append("such as \"Unsupported upgrade request.\", `analyze` keeps the first ")
                .append(DiagnosisSettings.BODY_BYTES_FOR_DIAGNOSIS)
                .append(" bytes of each body in memory for\n");
        b.append("the diagnosis; the report's transactions still show only what `--body-bytes` asked for.\n\n");
        b.append("| id | severity | title |\n|---|---|---|\n");
        for (DiagnosisId id : DiagnosisId.values()) {
            b.append("| [`").append(id.name()).append("`](#").append(id.name().toLowerCase(java.util.Locale.ROOT))
                    .append(") | ").append(id.severity().label()).append(" | ").append(id.title()).append(" |\n");
        }
        for (DiagnosisId id : DiagnosisId.values()) {
            b.append("\n## ").append(id.name()).append("\n\n");
            b.append("**").append(id.severity().label()).append("** — ").append(id.title()).append("\n\n");
            b.append("Verdict: ").append(id.verdictTemplate()).append("\n\n");
            b.append("Likely causes, most likely first (a rule may reorder them by the evidence):\n\n");
            int n = 1;
            for (String c : id.causes()) {
                b.append(n++).append(". ").append(c).append('\n');
            }
            b.append("\nFix: ").append(id.fix()).append("\n\n");
            b.append("Reference: ").append(id.reference()).append('\n');
        }
        return b.toString();
    }

    /** Writes docs/diagnoses.md (path as the only argument). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/diagnoses.md");
        Files.writeString(out, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
