package io.hopsniff.report;

import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.SummaryJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The terminal summary: the diagnoses first (most severe first, one line each), a headline of counts, one line per exchange (time, connection, client, method, target,
 * status, latency), then the anomalies grouped by id, most severe first.
 */
public final class TextSummary {

    private static final int TARGET_WIDTH = 48;
    private final int maxLines;

    public TextSummary(int maxLines) {
        this.maxLines = maxLines;
    }

    public void write(ReportCollector collector, List<String> inputs, PrintWriter out) {
        SummaryJson s = collector.summary();
        io.hopsniff.report.diagnosis.DiagnosisLines.write(collector.diagnoses(), out);
        out.printf("hopsniff: %s — %d connection(s), %d exchange(s): %d request(s), %d response(s)%s%s%n",
                String.join(", ", inputs), s.connections(), s.transactions(), s.requests(), s.responses(),
                s.statusClasses().isEmpty() ? "" : " " + counts(s.statusClasses()),
                s.upgrades().isEmpty() ? "" : ", upgrades " + counts(s.upgrades()));
        if (s.connectionsSkipped() > 0) {
            out.printf("  (%d TCP connection(s) carried no HTTP and are not listed)%n", s.connectionsSkipped());
        }
        List<ExchangeBrief> briefs = collector.briefs();
        if (!briefs.isEmpty()) {
            out.println();
            out.printf("%-15s %6s  %-21s %-7s %-" + TARGET_WIDTH + "s %6s %10s%n",
                    "TIME (UTC)", "CONN", "CLIENT", "METHOD", "TARGET", "STATUS", "LATENCY");
            int shown = Math.min(briefs.size(), maxLines);
            for (int i = 0; i < shown; i++) {
                ExchangeBrief b = briefs.get(i);
                out.printf("%-15s %6s  %-21s %-7s %-" + TARGET_WIDTH + "s %6s %10s%s%n",
                        b.timeNanos() == 0 ? "-" : Times.clock(b.timeNanos()), "c" + b.connection(), b.client(),
                        b.method(), clip(b.target()), b.status() == 0 ? "-" : Integer.toString(b.status()),
                        b.latencyNs() < 0 ? "-" : latency(b.latencyNs()), b.anomalous() ? "  !" : "");
            }
            long more = s.transactions() - shown;
            if (more > 0) {
                out.printf("… %d more exchange(s) in the JSON report (-o FILE)%n", more);
            }
        }
        List<AnomalyJson> anomalies = collector.anomalies();
        if (!s.anomalies().isEmpty()) {
            out.println();
            out.println("Anomalies:");
            for (String severity : List.of("error", "warning", "info")) {
                for (Map.Entry<String, Long> e : s.anomalies().entrySet()) {
                    AnomalyJson example = firstOf(anomalies, e.getKey());
                    String sev = example != null ? example.severity() : severityOf(e.getKey());
                    if (!sev.equals(severity)) {
                        continue;
                    }
                    out.printf("  %-7s %-32s x%-5d %s%n", severity.toUpperCase(java.util.Locale.ROOT), e.getKey(),
                            e.getValue(), example == null ? "" : where(example));
                }
            }
        }
        out.flush();
    }

    private static String severityOf(String id) {
        return io.hopsniff.decoder.anomaly.AnomalyType.valueOf(id).severity().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static AnomalyJson firstOf(List<AnomalyJson> anomalies, String id) {
        for (AnomalyJson a : anomalies) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        return null;
    }

    private static String where(AnomalyJson a) {
        StringBuilder b = new StringBuilder();
        if (a.connection() != null) {
            b.append("c").append(a.connection());
        }
        if (a.transaction() != null) {
            b.append(b.length() > 0 ? " " : "").append("tx").append(a.transaction());
        }
        b.append(b.length() > 0 ? ": " : "").append(a.detail() == null || a.detail().isEmpty() ? a.summary() : a.detail());
        return b.toString();
    }

    private static String counts(Map<String, Long> counts) {
        StringBuilder b = new StringBuilder("(");
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue());
        }
        return b.append(')').toString();
    }

    private static String clip(String target) {
        String t = target.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= TARGET_WIDTH ? t : t.substring(0, TARGET_WIDTH - 1) + "…";
    }

    private static String latency(long nanos) {
        if (nanos < 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
