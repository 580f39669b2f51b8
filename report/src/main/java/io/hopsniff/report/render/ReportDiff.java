package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two reports of the same hop, before and after a fix: which diagnoses (by id) were resolved, which are new,
 * which persist, and how the exchange counts moved (by status class, status, method) and the anomalies by id.
 * Works from the reports' small sections only, so any report size diffs in constant memory.
 */
public final class ReportDiff {

    public static final String SCHEMA = "hopsniff.diff/1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> COUNTED = List.of("status_classes", "statuses", "methods", "upgrades", "anomalies");

    private final ReportFile before;
    private final ReportFile after;
    private final Map<String, JsonNode> beforeDiagnoses;
    private final Map<String, JsonNode> afterDiagnoses;

    public ReportDiff(ReportFile before, ReportFile after) {
        this.before = before;
        this.after = after;
        this.beforeDiagnoses = byId(before.head().path("diagnoses"));
        this.afterDiagnoses = byId(after.head().path("diagnoses"));
    }

    /** Diagnoses of severity error present after and not before. */
    public long newErrors() {
        return afterDiagnoses.entrySet().stream().filter(e -> !beforeDiagnoses.containsKey(e.getKey()))
                .filter(e -> e.getValue().path("severity").asText().equals("error")).count();
    }

    public ObjectNode json() {
        ObjectNode d = F.objectNode();
        d.put("schema", SCHEMA);
        d.put("before", before.path().toString());
        d.put("after", after.path().toString());
        ObjectNode diag = d.putObject("diagnoses");
        ArrayNode resolved = diag.putArray("resolved");
        ArrayNode appeared = diag.putArray("new");
        ArrayNode persisting = diag.putArray("persisting");
        beforeDiagnoses.forEach((id, x) -> (afterDiagnoses.containsKey(id) ? persisting : resolved).add(brief(x)));
        afterDiagnoses.forEach((id, x) -> {
            if (!beforeDiagnoses.containsKey(id)) {
                appeared.add(brief(x));
            }
        });
        d.put("new_errors", newErrors());
        ObjectNode counts = d.putObject("counts");
        for (String total : List.of("connections", "transactions", "requests", "responses", "unanswered")) {
            counts.set(total, change(before.head().path("summary").path(total).asLong(),
                    after.head().path("summary").path(total).asLong()));
        }
        for (String map : COUNTED) {
            JsonNode b = before.head().path("summary").path(map);
            JsonNode a = after.head().path("summary").path(map);
            TreeSet<String> keys = new TreeSet<>();
            b.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            ObjectNode o = counts.putObject(map);
            for (String k : keys) {
                o.set(k, change(b.path(k).asLong(0), a.path(k).asLong(0)));
            }
        }
        return d;
    }

    public void text(PrintWriter out) {
        ObjectNode d = json();
        out.printf("hopsniff diff: %s → %s%n%n", before.path(), after.path());
        out.println("Diagnoses:");
        int lines = 0;
        for (String group : List.of("resolved", "new", "persisting")) {
            for (JsonNode x : d.path("diagnoses").path(group)) {
                out.printf("  %-10s %-8s %-34s %s%n", group, x.path("severity").asText().toUpperCase(Locale.ROOT),
                        x.path("id").asText(), x.path("title").asText());
                lines++;
            }
        }
        if (lines == 0) {
            out.println("  (none in either report)");
        }
        out.println();
        JsonNode counts = d.path("counts");
        out.printf("%-28s %10s %10s %10s%n", "EXCHANGES", "BEFORE", "AFTER", "CHANGE");
        for (String total : List.of("connections", "transactions", "requests", "responses", "unanswered")) {
            row(out, total, counts.path(total));
        }
        for (String map : COUNTED) {
            if (counts.path(map).isEmpty()) {
                continue;
            }
            out.println();
            out.printf("%-28s %10s %10s %10s%n", map.toUpperCase(Locale.ROOT).replace('_', ' '), "BEFORE", "AFTER", "CHANGE");
            counts.path(map).fields().forEachRemaining(f -> row(out, f.getKey(), f.getValue()));
        }
        out.flush();
    }

    private static void row(PrintWriter out, String name, JsonNode c) {
        long change = c.path("change").asLong();
        out.printf("  %-26s %10d %10d %10s%n", name, c.path("before").asLong(), c.path("after").asLong(),
                change == 0 ? "=" : (change > 0 ? "+" : "") + change);
    }

    private static ObjectNode change(long before, long after) {
        return F.objectNode().put("before", before).put("after", after).put("change", after - before);
    }

    private static ObjectNode brief(JsonNode d) {
        ObjectNode o = F.objectNode();
        o.set("id", d.get("id"));
        o.set("severity", d.get("severity"));
        o.set("title", d.get("title"));
        o.set("verdict", d.get("verdict"));
        return o;
    }

    private static Map<String, JsonNode> byId(JsonNode diagnoses) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        diagnoses.forEach(d -> m.putIfAbsent(d.path("id").asText(), d));
        return m;
    }
}
