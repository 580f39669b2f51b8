package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ticket-ready summary in Markdown (GitHub, GitLab, Jira's Markdown paste): diagnoses first with evidence and
 * fix, a compact table of exchanges (capped), the exact request and response heads of the exchanges the diagnoses
 * cite, correlations when the report has them, anomalies, and the capture metadata. Cell text is escaped so a
 * pipe, backtick or {@code <redacted:…>} in a target cannot break the table; heads go in fenced blocks whose fence
 * is longer than any backtick run inside.
 */
public final class MarkdownRenderer implements Renderer {

    public static final int DEFAULT_ROWS = 100;
    /** Cited exchanges shown with their heads; more are listed by id only. */
    private static final int MAX_CITED = 10;
    /** Correlation rows shown; the JSON report has them all. */
    private static final int MAX_CORRELATIONS = 20;
    private final int maxRows;

    public MarkdownRenderer(int maxRows) {
        this.maxRows = maxRows;
    }

    @Override
    public void render(ReportFile report, OutputStream stream) throws IOException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        JsonNode head = report.head();
        Map<Long, JsonNode> cited = new LinkedHashMap<>();
        for (JsonNode d : head.path("diagnoses")) {
            for (JsonNode id : d.path("transactions")) {
                if (cited.size() < MAX_CITED) {
                    cited.putIfAbsent(id.asLong(), null);
                }
            }
        }
        boolean[] legs = {false};
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode tx : EarliestExchanges.read(report, maxRows, tx -> {
            legs[0] |= tx.has("leg");
            if (cited.containsKey(tx.path("id").asLong())) {
                cited.put(tx.path("id").asLong(), tx);
            }
        })) {
            rows.add(row(tx));
        }

        out.println("# hopsniff report: " + inline(inputs(head)));
        out.println();
        out.println(headline(head));
        out.println();
        diagnoses(head, out);
        legs(head.path("legs"), out);
        exchanges(head, rows, legs[0], out);
        heads(cited, out);
        correlations(head, out);
        anomalies(head, out);
        metadata(head, out);
        out.flush();
    }

    static String inputs(JsonNode head) {
        List<String> names = new ArrayList<>();
        head.path("input").path("files").forEach(f -> names.add(f.path("path").asText()));
        JsonNode live = head.path("capture").get("live");
        if (live != null) {
            names.add("live capture on " + live.path("interface_name").asText("?")
                    + (live.path("interim").asBoolean() ? " (interim report: the capture goes on)" : ""));
        }
        return names.isEmpty() ? "(no input)" : String.join(", ", names);
    }

    private static String headline(JsonNode head) {
        JsonNode s = head.path("summary");
        StringBuilder b = new StringBuilder();
        b.append("**").append(s.path("connections").asLong()).append(" connection(s), ")
                .append(s.path("transactions").asLong()).append(" exchange(s)**");
        if (s.path("status_classes").size() > 0) {
            b.append(" — responses: ").append(counts(s.path("status_classes")));
        }
        if (s.path("unanswered").asLong() > 0) {
            b.append(", ").append(s.path("unanswered").asLong()).append(" unanswered");
        }
        if (s.path("upgrades").size() > 0) {
            b.append(" — upgrades: ").append(counts(s.path("upgrades")));
        }
        JsonNode c = head.path("capture");
        b.append(" — ").append(inline(Nodes.utc(c.get("first")))).append(" → ").append(inline(Nodes.utc(c.get("last"))));
        return b.toString();
    }

    private static void diagnoses(JsonNode head, PrintWriter out) {
        out.println("## Diagnoses");
        out.println();
        if (head.path("diagnoses").isEmpty()) {
            out.println("No diagnosis: no rule matched this capture.");
            out.println();
            return;
        }
        for (JsonNode d : head.path("diagnoses")) {
            out.printf("### %s `%s` — %s%n%n", d.path("severity").asText().toUpperCase(Locale.ROOT),
                    d.path("id").asText(), inline(d.path("title").asText()));
            out.println(inline(d.path("verdict").asText()));
            out.println();
            List<String> where = new ArrayList<>();
            d.path("transactions").forEach(t -> where.add("tx" + t.asLong()));
            d.path("connections").forEach(c -> where.add("c" + c.asLong()));
            List<String> facts = new ArrayList<>();
            if (d.hasNonNull("leg")) {
                facts.add("leg: " + inline(d.path("leg").asText()));
            }
            if (d.has("count")) {
                facts.add("occurrences: " + d.path("count").asLong());
            }
            if (!where.isEmpty()) {
                facts.add("seen in: " + String.join(", ", where));
            }
            if (!facts.isEmpty()) {
                out.println("*" + String.join(" · ", facts) + "*");
                out.println();
            }
            stories(d.path("stories"), out);
            out.println("**Fix:** " + inline(d.path("fix").asText()));
            out.println();
            out.println("<details><summary>Evidence, likely causes and reference</summary>");
            out.println();
            if (!d.path("evidence").isEmpty()) {
                out.println("**Evidence** (`>` request, `<` response):");
                out.println();
                List<String> lines = new ArrayList<>();
                d.path("evidence").forEach(e -> lines.add(e.asText()));
                fenced(lines, "text", out);
            }
            if (!d.path("causes").isEmpty()) {
                out.println("**Likely causes:**");
                out.println();
                int i = 1;
                for (JsonNode c : d.path("causes")) {
                    out.println(i++ + ". " + inline(c.asText()));
                }
                out.println();
            }
            if (!d.path("reference").asText().isEmpty()) {
                out.println("**Reference:** " + inline(d.path("reference").asText()));
                out.println();
            }
            out.println("</details>");
            out.println();
        }
    }

    /** Each client request told end to end, one row per story. */
    private static void stories(JsonNode stories, PrintWriter out) {
        if (stories.isEmpty()) {
            return;
        }
        out.println("| Client → proxy | Proxy → backend | Proxy changed | Backend answered | Client got | Pairing confidence |");
        out.println("| --- | --- | --- | --- | --- | ---: |");
        for (JsonNode s : stories) {
            List<String> changed = new ArrayList<>();
            s.path("proxy_changed").forEach(c -> changed.add(c.asText()));
            out.printf("| tx%d %s | %s | %s | %s | %s | %s |%n", s.path("front").asLong(), code(s.path("client_sent").asText()),
                    s.hasNonNull("backend") ? "tx" + s.path("backend").asLong() + " " + code(s.path("forwarded").asText())
                            : Nodes.unpaired(s),
                    changed.isEmpty() ? "-" : cell(String.join("; ", changed.subList(0, Math.min(4, changed.size())))
                            + (changed.size() > 4 ? "; … " + (changed.size() - 4) + " more" : "")),
                    cell(s.path("backend_answered").asText("-")), cell(s.path("client_got").asText("-")),
                    s.hasNonNull("confidence") ? String.format(Locale.ROOT, "%.2f", s.get("confidence").asDouble()) : "-");
        }
        out.println();
    }

    /** How the legs were decided, with the evidence folded away. */
    private static void legs(JsonNode legs, PrintWriter out) {
        String decided = legs.path("decided").asText("none");
        if (decided.equals("none")) {
            return;
        }
        out.printf("**Legs** (%s): front, client → proxy: %s · backend, proxy → backend: %s%n%n", inline(decided),
                cell(String.join(", ", texts(legs.path("front")))), cell(String.join(", ", texts(legs.path("backend")))));
        if (!legs.path("evidence").isEmpty()) {
            out.println("<details><summary>How the legs were told apart</summary>");
            out.println();
            legs.path("evidence").forEach(e -> out.println("- " + inline(e.asText())));
            out.println();
            out.println("</details>");
            out.println();
        }
    }

    private static JsonNode row(JsonNode tx) {
        var r = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        r.put("time", clock(Nodes.start(tx)));
        r.put("conn", "c" + tx.path("connection").asLong());
        r.put("leg", Nodes.scalar(tx.get("leg")));
        r.put("client", tx.path("client").asText());
        r.put("method", tx.path("request").path("method").asText("-"));
        r.put("target", tx.path("request").path("target").asText("-"));
        JsonNode resp = tx.get("response");
        r.put("status", resp == null ? "-" : resp.path("status").asText());
        r.put("latency", tx.hasNonNull("latency_ms") ? Nodes.millis(tx.get("latency_ms").asDouble()) : "-");
        r.put("flag", tx.has("anomalies") ? "⚠ " + String.join(", ", texts(tx.get("anomalies"))) : "");
        r.put("id", "tx" + tx.path("id").asLong());
        return r;
    }

    private void exchanges(JsonNode head, List<JsonNode> rows, boolean legs, PrintWriter out) {
        out.println("## Exchanges");
        out.println();
        if (rows.isEmpty()) {
            out.println("No HTTP exchange was seen.");
            out.println();
            return;
        }
        List<String> cols = new ArrayList<>(List.of("id", "time", "conn"));
        if (legs) {
            cols.add("leg");
        }
        cols.addAll(List.of("method", "target", "status", "latency", "flag"));
        Map<String, String> titles = Map.of("id", "#", "time", "Time (UTC)", "conn", "Conn", "leg", "Leg",
                "client", "Client", "method", "Method", "target", "Target", "status", "Status", "latency", "Latency",
                "flag", "Anomalies");
        StringBuilder h = new StringBuilder("|");
        StringBuilder sep = new StringBuilder("|");
        for (String c : cols) {
            h.append(' ').append(titles.get(c)).append(" |");
            sep.append(c.equals("status") || c.equals("latency") ? " ---: |" : " --- |");
        }
        out.println(h);
        out.println(sep);
        for (JsonNode r : rows) {
            StringBuilder b = new StringBuilder("|");
            for (String c : cols) {
                String v = r.path(c).asText();
                b.append(' ').append(c.equals("target") ? code(v) : cell(v)).append(" |");
            }
            out.println(b);
        }
        long more = head.path("summary").path("transactions").asLong() - rows.size();
        out.println();
        if (more > 0) {
            out.println("… " + more + " more exchange(s) in the JSON report.");
            out.println();
        }
    }

    private static void heads(Map<Long, JsonNode> cited, PrintWriter out) {
        if (cited.isEmpty()) {
            return;
        }
        out.println("## Exchanges cited by the diagnoses");
        out.println();
        out.println("<details><summary>Request and response heads of " + cited.size() + " exchange(s)</summary>");
        out.println();
        for (Map.Entry<Long, JsonNode> e : cited.entrySet()) {
            JsonNode tx = e.getValue();
            if (tx == null) {
                out.println("### tx" + e.getKey() + " (not in the report)");
                out.println();
                continue;
            }
            JsonNode req = tx.get("request");
            JsonNode resp = tx.get("response");
            out.printf("### tx%d on c%d%s: %s → %s%n%n", e.getKey(), tx.path("connection").asLong(),
                    tx.has("leg") ? " (leg " + inline(Nodes.scalar(tx.get("leg"))) + ")" : "",
                    req == null ? "(no request seen)" : code(req.path("method").asText() + " " + req.path("target").asText()),
                    resp == null ? "no response" : resp.path("status").asText() + " " + inline(resp.path("reason").asText()));
            out.println("Sent to " + inline(tx.path("server").asText()) + " by " + inline(tx.path("client").asText())
                    + (tx.hasNonNull("latency_ms") ? ", answered after " + Nodes.millis(tx.get("latency_ms").asDouble()) : "") + ":");
            out.println();
            if (req != null) {
                fenced(headLines(req.path("method").asText() + " " + req.path("target").asText() + " "
                        + req.path("version").asText(), req), "http", out);
            }
            for (JsonNode i : tx.path("interim")) {
                fenced(headLines(i.path("version").asText() + " " + i.path("status").asText() + " "
                        + i.path("reason").asText(), i), "http", out);
            }
            if (resp != null) {
                List<String> lines = headLines(resp.path("version").asText() + " " + resp.path("status").asText() + " "
                        + resp.path("reason").asText(), resp);
                JsonNode body = resp.get("body_prefix");
                if (body != null && "utf-8".equals(body.path("encoding").asText())) {
                    lines.add("");
                    lines.addAll(List.of(body.path("data").asText().split("\r?\n", -1)));
                }
                fenced(lines, "http", out);
            }
        }
        out.println("</details>");
        out.println();
    }

    private static List<String> headLines(String startLine, JsonNode message) {
        List<String> lines = new ArrayList<>();
        lines.add(startLine);
        message.path("headers").forEach(h -> lines.add(h.path(0).asText() + ": " + h.path(1).asText()));
        return lines;
    }

    private static void correlations(JsonNode head, PrintWriter out) {
        JsonNode correlations = head.get("correlations");
        if (correlations == null || !correlations.isArray() || correlations.isEmpty()) {
            return;
        }
        out.println("## Correlations across legs");
        out.println();
        out.println("| Client request | Forwarded as | Status client / backend | Proxy changed | Pairing confidence | Why paired |");
        out.println("| --- | --- | --- | --- | ---: | --- |");
        int shown = 0;
        for (JsonNode c : correlations) {
            if (shown++ >= MAX_CORRELATIONS) {
                out.println();
                out.println("… " + (correlations.size() - MAX_CORRELATIONS) + " more pair(s) in the JSON report.");
                break;
            }
            JsonNode diff = c.path("header_diff");
            List<String> changed = new ArrayList<>();
            diff.path("removed").forEach(p -> changed.add("−" + p.path(0).asText()));
            diff.path("added").forEach(p -> changed.add("+" + p.path(0).asText()));
            diff.path("changed").forEach(p -> changed.add("~" + p.path(0).asText()));
            out.printf("| %s | tx%d%s | %s / %s | %s | %.2f | %s |%n",
                    c.hasNonNull("front") ? "tx" + c.get("front").asLong() : "TLS c" + c.path("front_connection").asLong(),
                    c.path("backend").asLong(), c.has("target") ? " " + code(c.path("target").path("backend").asText()) : "",
                    c.path("status").path("front").asText("-"), c.path("status").path("backend").asText("-"),
                    changed.isEmpty() ? "-" : cell(String.join(" ", changed)), c.path("confidence").asDouble(),
                    cell(c.path("reason").asText()));
        }
        out.println();
    }

    private static void anomalies(JsonNode head, PrintWriter out) {
        JsonNode byId = head.path("summary").path("anomalies");
        if (byId.isEmpty()) {
            return;
        }
        out.println("## Anomalies");
        out.println();
        out.println("| Severity | Id | Count | First seen |");
        out.println("| --- | --- | ---: | --- |");
        byId.fields().forEachRemaining(f -> {
            JsonNode example = null;
            for (JsonNode a : head.path("anomalies")) {
                if (a.path("id").asText().equals(f.getKey())) {
                    example = a;
                    break;
                }
            }
            String where = example == null ? "" : (example.has("transaction") ? "tx" + example.get("transaction").asLong() + " " : "")
                    + (example.has("connection") ? "c" + example.get("connection").asLong() + " " : "")
                    + example.path("detail").asText("");
            out.printf("| %s | `%s` | %d | %s |%n", example == null ? "" : example.path("severity").asText(),
                    f.getKey(), f.getValue().asLong(), cell(where.strip()));
        });
        out.println();
    }

    private static void metadata(JsonNode head, PrintWriter out) {
        out.println("## Capture");
        out.println();
        JsonNode tool = head.path("tool");
        JsonNode capture = head.path("capture");
        out.printf("- **Tool:** %s %s, report generated %s%n", inline(tool.path("name").asText()),
                inline(tool.path("version").asText()), inline(Nodes.utc(tool.get("generated"))));
        for (JsonNode f : head.path("input").path("files")) {
            out.printf("- **File:** `%s` (%s, %s, %d packets, %d bytes%s)%n", f.path("path").asText().replace("`", "'"),
                    f.path("format").asText(), String.join("/", texts(f.path("link_types"))), f.path("packets").asLong(),
                    f.path("file_bytes").asLong(), f.path("truncated").asBoolean() ? ", truncated" : "");
        }
        JsonNode live = capture.get("live");
        if (live != null) {
            out.printf("- **Live capture:** %s, filter `%s`, %s → %s, %d packets received, dropped: kernel %d, "
                            + "interface %d, hopsniff %d (host %s, user %s)%n",
                    inline(live.path("interface_name").asText()), live.path("filter").asText().replace("`", "'"),
                    inline(Nodes.utc(live.get("started"))), inline(Nodes.utc(live.get("stopped"))),
                    live.path("packets_received").asLong(), live.path("dropped_by_kernel").asLong(),
                    live.path("dropped_by_interface").asLong(), live.path("dropped_by_hopsniff").asLong(),
                    inline(live.path("hostname").asText()), inline(live.path("user").asText()));
        }
        out.printf("- **Window:** %s → %s (%s)%n", inline(Nodes.utc(capture.get("first"))),
                inline(Nodes.utc(capture.get("last"))), Nodes.millis(capture.path("duration_ms").asDouble()));
        out.printf("- **Servers:** %s · **credentials redacted:** %s · **body bytes kept:** %d%n",
                tool.path("servers").isEmpty() ? "every connection carrying HTTP" : cell(String.join(", ", texts(tool.path("servers")))),
                tool.path("redacted").asBoolean() ? "yes" : "**no** (--no-redact)", tool.path("body_bytes").asLong());
        JsonNode p = head.path("input").path("packets");
        out.printf("- **Packets:** %d total, %d TCP, %d filtered out, %d malformed%n", p.path("total").asLong(),
                p.path("tcp").asLong(), p.path("filtered_out").asLong(), p.path("malformed").asLong());
    }

    private static void fenced(List<String> lines, String info, PrintWriter out) {
        int longest = 0;
        for (String l : lines) {
            int run = 0;
            for (int i = 0; i < l.length(); i++) {
                run = l.charAt(i) == '`' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        out.println(fence + info);
        for (String l : lines) {
            out.println(l.replaceAll("[\\p{Cntrl}&&[^\t]]", "?"));
        }
        out.println(fence);
        out.println();
    }

    /** Prose: no line breaks, and HTML-looking text (a {@code <redacted:…>} placeholder) shown, not swallowed. */
    static String inline(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                // Text off the wire (a reason phrase, a body in a verdict) must not become a link, an image, a
                // heading, emphasis or a table: every Markdown punctuation character but the backtick is escaped.
                case '\\', '*', '_', '[', ']', '(', ')', '#', '!', '~', '|' -> b.append('\\').append(c);
                default -> b.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** A table cell: prose, plus pipes and backticks escaped. */
    static String cell(String s) {
        return inline(s).replace("`", "\\`");
    }

    /** A code span in a cell: the backtick fence is longer than any run inside, pipes still escaped (GFM). */
    static String code(String s) {
        if (s.isEmpty() || s.equals("-")) {
            return s;
        }
        String t = s.replaceAll("\\p{Cntrl}", " ").replace("|", "\\|");
        int longest = 0;
        int run = 0;
        for (int i = 0; i < t.length(); i++) {
            run = t.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
        return fence + pad + t + pad + fence;
    }

    private static String clock(JsonNode time) {
        String utc = Nodes.utc(time);
        return utc == null ? "-" : utc.substring(11, utc.length() - 1);
    }

    private static String counts(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        counts.fields().forEachRemaining(f -> parts.add(f.getKey() + " ×" + f.getValue().asLong()));
        return String.join(", ", parts);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
