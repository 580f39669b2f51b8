package io.hopsniff.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.report.render.EarliestExchanges;
import io.hopsniff.report.render.Nodes;
import io.hopsniff.report.render.ReportFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal summary: the diagnoses first (most severe first, one line each), a headline of counts, one line
 * per exchange (time, connection, client, method, target, status, latency), then the anomalies grouped by id,
 * most severe first. Rendered from the finished JSON document (streaming its transactions), so a saved report
 * gives the same text as the run that wrote it.
 */
public final class TextSummary implements io.hopsniff.report.render.Renderer {

    private static final int TARGET_WIDTH = 48;
    private final int maxLines;

    public TextSummary(int maxLines) {
        this.maxLines = maxLines;
    }

    @Override
    public void render(ReportFile report, OutputStream stream) throws IOException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        write(report, out);
        out.flush();
    }

    public void write(ReportFile report, PrintWriter out) throws IOException {
        JsonNode head = report.head();
        JsonNode s = head.path("summary");
        diagnoses(head.path("diagnoses"), out);
        out.printf("hopsniff: %s — %d connection(s), %d exchange(s): %d request(s), %d response(s)%s%s%n",
                inputs(head), s.path("connections").asLong(), s.path("transactions").asLong(),
                s.path("requests").asLong(), s.path("responses").asLong(),
                s.path("status_classes").isEmpty() ? "" : " " + counts(s.path("status_classes")),
                s.path("upgrades").isEmpty() ? "" : ", upgrades " + counts(s.path("upgrades")));
        if (s.path("connections_skipped").asLong() > 0) {
            out.printf("  (%d TCP connection(s) carried no HTTP and are not listed)%n", s.path("connections_skipped").asLong());
        }
        boolean legs = !head.path("legs").path("decided").asText("none").equals("none");
        long total = s.path("transactions").asLong();
        long shown;
        if (total > 0 && maxLines > 0) {
            out.println();
            out.printf("%-15s %6s %s%6s  %-21s %-7s %-" + TARGET_WIDTH + "s %6s %10s%n", "TIME (UTC)", "TX",
                    legs ? String.format("%-8s", "LEG") : "", "CONN", "CLIENT", "METHOD", "TARGET", "STATUS", "LATENCY");
        }
        if (maxLines > TIME_ORDER_CAP && total > TIME_ORDER_CAP) {
            // Too many to sort in bounded memory: every line, as the report lists them.
            long[] n = {0};
            report.forEach("transactions", tx -> {
                row(tx, legs, out);
                n[0]++;
            });
            shown = n[0];
            out.printf("(%d exchanges: listed in completion order, not sorted by time)%n", shown);
        } else {
            List<JsonNode> rows = EarliestExchanges.read(report, maxLines);
            rows.forEach(tx -> row(tx, legs, out));
            shown = rows.size();
        }
        long more = total - shown;
        if (shown > 0 && more > 0) {
            out.printf("… %d more exchange(s) in the JSON report (-o FILE)%n", more);
        }
        legs(head.path("legs"), out);
        correlations(head, s, out);
        JsonNode byId = s.path("anomalies");
        if (!byId.isEmpty()) {
            out.println();
            out.println("Anomalies:");
            for (String severity : List.of("error", "warning", "info")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = byId.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode example = firstOf(head.path("anomalies"), e.getKey());
                    String sev = example != null ? example.path("severity").asText() : severityOf(e.getKey());
                    if (!sev.equals(severity)) {
                        continue;
                    }
                    out.printf("  %-7s %-32s x%-5d %s%n", severity.toUpperCase(Locale.ROOT), e.getKey(),
                            e.getValue().asLong(), example == null ? "" : where(example));
                }
            }
        }
        out.flush();
    }

    private static final int MAX_CORRELATION_LINES = 20;
    /** Up to this many lines are sorted by time (held in memory); beyond it they are listed as the report has them. */
    static final int TIME_ORDER_CAP = 50_000;

    private static void row(JsonNode tx, boolean legs, PrintWriter out) {
        JsonNode req = tx.get("request");
        JsonNode resp = tx.get("response");
        long time = EarliestExchanges.startNanos(tx);
        // The header's columns, "%-15s %6s %s%6s  %-21s %-7s %-48s %6s %10s%s", padded by hand: a Formatter per
        // line was most of the summary's time, cold, at the end of every run that prints it.
        StringBuilder b = new StringBuilder(160);
        left(b, time == Long.MAX_VALUE ? "-" : Times.clock(time), 15).append(' ');
        right(b, "tx" + tx.path("id").asLong(), 6).append(' ');
        if (legs) {
            left(b, tx.path("leg").asText("-"), 8);
        }
        right(b, "c" + tx.path("connection").asLong(), 6).append("  ");
        left(b, tx.path("client").asText(), 21).append(' ');
        left(b, req == null ? "-" : req.path("method").asText(), 7).append(' ');
        left(b, TerminalText.clip(req == null ? "-" : req.path("target").asText(), TARGET_WIDTH), TARGET_WIDTH).append(' ');
        right(b, resp == null ? "-" : resp.path("status").asText(), 6).append(' ');
        right(b, tx.hasNonNull("latency_ms") ? Times.latency(Math.round(tx.get("latency_ms").asDouble() * 1_000_000))
                : "-", 10);
        out.println(b.append(flag(tx.path("anomalies"))));
    }

    /** {@code %-Ns}: {@code s}, then spaces up to {@code width} characters. */
    private static StringBuilder left(StringBuilder b, String s, int width) {
        b.append(s);
        for (int i = s.length(); i < width; i++) {
            b.append(' ');
        }
        return b;
    }

    /** {@code %Ns}: spaces up to {@code width} characters, then {@code s}. */
    private static StringBuilder right(StringBuilder b, String s, int width) {
        for (int i = s.length(); i < width; i++) {
            b.append(' ');
        }
        return b.append(s);
    }

    /** How the legs were decided, so a reader can disagree. */
    private static void legs(JsonNode legs, PrintWriter out) {
        String decided = legs.path("decided").asText("none");
        if (decided.equals("none")) {
            return;
        }
        out.println();
        out.printf("Legs (%s): front (client → proxy) %s; backend (proxy → backend) %s%n", decided,
                list(legs.path("front")), list(legs.path("backend")));
        int n = 0;
        for (JsonNode e : legs.path("evidence")) {
            if (n++ < 3) {
                out.printf("  %s%n", TerminalText.printable(e.asText()));
            }
        }
    }

    private static String list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? "none seen" : String.join(", ", out);
    }

    /** What the proxy did to each request it forwarded (only with --front): one line per pair, then the counts. */
    private static void correlations(JsonNode head, JsonNode summary, PrintWriter out) {
        JsonNode pairs = head.path("correlations");
        JsonNode counts = summary.path("correlation");
        if (pairs.isEmpty() && counts.isMissingNode()) {
            return;
        }
        out.println();
        if (counts.has("front_only") && counts.get("front_only").isNull()) {
            out.printf("Proxy legs: %d pair(s); no backend leg in the capture, so whether the front requests were"
                    + " forwarded cannot be seen%n", counts.path("pairs").asLong());
        } else {
            out.printf("Proxy legs: %d pair(s), %d front request(s) never forwarded, %d backend request(s) without a "
                    + "front request%n", counts.path("pairs").asLong(), counts.path("front_only").asLong(),
                    counts.path("backend_only").asLong());
        }
        int shown = 0;
        for (JsonNode c : pairs) {
            if (shown++ >= MAX_CORRELATION_LINES) {
                out.printf("  … %d more in the JSON report%n", pairs.size() - MAX_CORRELATION_LINES);
                break;
            }
            JsonNode diff = c.path("header_diff");
            out.printf("  tx%s -> tx%s  status %s/%s  pairing confidence %.2f  %s%s%s%n", c.path("front").asText("?"), c.path("backend").asText(),
                    c.path("status").path("front").asText("-"), c.path("status").path("backend").asText("-"),
                    c.path("confidence").asDouble(), names("+", diff.path("added")), names(" -", diff.path("removed")),
                    names(" ~", diff.path("changed")));
        }
    }

    private static String names(String mark, JsonNode list) {
        if (list.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(mark);
        for (int i = 0; i < list.size(); i++) {
            b.append(i == 0 ? "" : ",").append(list.get(i).path(0).asText());
        }
        return b.toString();
    }

    /** The files read, or the live interface: the names the summary's headline shows. */
    public static String inputs(JsonNode head) {
        List<String> names = new ArrayList<>();
        head.path("input").path("files").forEach(f -> names.add(f.path("path").asText()));
        JsonNode live = head.path("capture").get("live");
        if (live != null) {
            names.add("live capture on " + live.path("interface_name").asText("?")
                    + (live.path("interim").asBoolean() ? " (interim report: the capture goes on)" : ""));
        }
        return String.join(", ", names);
    }

    /** "tx1 GET /ws/abc with Upgrade… → tx2 GET /ws/abc without … (removed Upgrade…) → backend 404 → client 404". */
    static String storyLine(JsonNode s) {
        StringBuilder b = new StringBuilder("tx").append(s.path("front").asLong()).append(' ')
                .append(s.path("client_sent").asText());
        if (s.hasNonNull("backend")) {
            b.append(" → tx").append(s.path("backend").asLong()).append(' ').append(s.path("forwarded").asText());
            if (!s.path("proxy_changed").isEmpty()) {
                List<String> changed = new ArrayList<>();
                s.path("proxy_changed").forEach(c -> changed.add(c.asText()));
                b.append(" [proxy ").append(String.join("; ", changed.subList(0, Math.min(3, changed.size()))))
                        .append(changed.size() > 3 ? "; …" : "").append(']');
            }
            b.append(" → backend ").append(s.path("backend_answered").asText());
        } else {
            b.append(" → " + Nodes.unpaired(s));
        }
        b.append(" → client got ").append(s.path("client_got").asText());
        return TerminalText.printable(b.toString());
    }

    /** "  !" when the exchange carries a warning or an error; info anomalies (a healthy 101's) are not flagged. */
    private static String flag(JsonNode anomalies) {
        for (JsonNode a : anomalies) {
            if (!severityOf(a.asText()).equals("info")) {
                return "  !";
            }
        }
        return "";
    }

    private static void diagnoses(JsonNode diagnoses, PrintWriter out) {
        if (diagnoses.isEmpty()) {
            return;
        }
        out.println("Diagnoses (hopsniff explain ID for causes and fixes):");
        for (JsonNode d : diagnoses) {
            StringBuilder where = new StringBuilder();
            if (!d.path("transactions").isEmpty()) {
                where.append("tx").append(d.path("transactions").get(0).asLong());
            }
            if (!d.path("connections").isEmpty()) {
                where.append(where.length() > 0 ? " " : "").append('c').append(d.path("connections").get(0).asLong());
            }
            if (d.hasNonNull("leg")) {
                where.insert(0, d.path("leg").asText() + (where.length() > 0 ? " " : ""));
            }
            out.printf("%-8s %-34s %s%s%n", d.path("severity").asText().toUpperCase(Locale.ROOT), d.path("id").asText(),
                    where.length() == 0 ? "" : where + ": ", TerminalText.printable(d.path("verdict").asText()));
            for (JsonNode story : d.path("stories")) {
                out.printf("         %s%n", storyLine(story));
            }
        }
        out.println();
    }

    private static String severityOf(String id) {
        try {
            return io.hopsniff.decoder.anomaly.AnomalyType.valueOf(id).severity().name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "info"; // an id from a newer hopsniff than this one
        }
    }

    private static JsonNode firstOf(JsonNode anomalies, String id) {
        for (JsonNode a : anomalies) {
            if (a.path("id").asText().equals(id)) {
                return a;
            }
        }
        return null;
    }

    private static String where(JsonNode a) {
        StringBuilder b = new StringBuilder();
        if (a.hasNonNull("connection")) {
            b.append("c").append(a.get("connection").asLong());
        }
        if (a.hasNonNull("transaction")) {
            b.append(b.length() > 0 ? " " : "").append("tx").append(a.get("transaction").asLong());
        }
        String detail = a.path("detail").asText("");
        b.append(b.length() > 0 ? ": " : "").append(detail.isEmpty() ? a.path("summary").asText() : detail);
        return b.toString();
    }

    private static String counts(JsonNode counts) {
        StringBuilder b = new StringBuilder("(");
        counts.fields().forEachRemaining(e ->
                b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue().asLong()));
        return b.append(')').toString();
    }


}
