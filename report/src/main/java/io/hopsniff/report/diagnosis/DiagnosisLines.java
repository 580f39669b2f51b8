package io.hopsniff.report.diagnosis;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The diagnoses as the text summary leads with them: one line each, most severe first, e.g.
 * {@code ERROR    DIAG_BACKEND_NO_WEBSOCKET_SUPPORT  tx3 c2: GET /ws/abc123 got 400 …}.
 */
public final class DiagnosisLines {

    private DiagnosisLines() {
    }

    public static void write(List<Diagnosis> diagnoses, PrintWriter out) {
        if (diagnoses.isEmpty()) {
            return;
        }
        out.println("Diagnoses (hopsniff explain ID for causes and fixes):");
        for (Diagnosis d : diagnoses) {
            String where = d.where();
            out.printf("%-8s %-34s %s%s%n", d.severity().toUpperCase(Locale.ROOT), d.id(),
                    where.isEmpty() ? "" : where + ": ", io.hopsniff.report.TerminalText.printable(d.verdict()));
        }
        out.println();
    }
}
