package io.hopsniff.report;

import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.ToolJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the {@code hopsniff.report/1} document. Sections in a fixed order; each connection, transaction and
 * anomaly on its own line, so the file is both valid JSON and easy to grep. Bounded memory: the big arrays are
 * copied from the collector's spools.
 */
public final class JsonReport {

    public static final String SCHEMA = "hopsniff.report/1";

    private final ReportCollector collector;
    private final InputJson input;
    private final CaptureJson.LiveJson live;
    private final long generatedNanos;
    private final boolean interim;

    public JsonReport(ReportCollector collector, InputJson input, CaptureJson.LiveJson live, long generatedNanos) {
        this(collector, input, live, generatedNanos, false);
    }

    /**
     * {@code interim}: a report of what was received so far, written while the capture goes on: the collector is
     * read, never ended (its spools stay open for more records), so the final report is the same as without it.
     */
    public JsonReport(ReportCollector collector, InputJson input, CaptureJson.LiveJson live, long generatedNanos,
                      boolean interim) {
        this.collector = collector;
        this.input = input;
        this.live = live;
        this.generatedNanos = generatedNanos;
        this.interim = interim;
    }

    private final com.fasterxml.jackson.databind.node.ObjectNode head = JsonMapper.get().createObjectNode();

    /**
     * After {@link #write}: every section except connections and transactions, as written — so renderers need
     * not read the document back to find them.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode head() {
        return head;
    }

    private List<byte[]> earliest;

    /**
     * After {@link #write}: the JSON of the report's first transactions in time order, as written (up to
     * {@link EarliestTransactions#KEPT}); null for an interim report.
     */
    public List<byte[]> earliestTransactions() {
        return earliest;
    }

    public void write(OutputStream stream) throws IOException {
        head.removeAll();
        head.put("schema", SCHEMA);
        ReportOptions o = collector.options();
        Out out = new Out(stream);
        out.write("{\n  \"schema\": \"" + SCHEMA + "\",\n");
        field(out, head, "tool", new ToolJson("hopsniff", o.toolVersion(), TimeJson.of(generatedNanos),
                o.servers(), o.redact(), o.bodyBytes(), o.limits()));
        field(out, head, "input", input);
        long first = collector.firstNanos();
        long last = collector.lastNanos();
        field(out, head, "capture", new CaptureJson(TimeJson.of(first), TimeJson.of(last),
                first == 0 ? 0 : Times.millis(last - first), live));
        field(out, head, "summary", collector.summary());
        field(out, head, "legs", collector.legsJson());
        list(out, head, "diagnoses", collector.diagnoses(), ",\n");
        list(out, head, "correlations", collector.correlations(), ",\n");
        boolean inferred = collector.legMap().decided() == io.hopsniff.report.correlation.LegMap.Decided.INFERRED;
        array(out, "connections", collector.connections, inferred ? LegSplice.connections(collector::lateLeg) : null,
                interim);
        java.util.function.UnaryOperator<String> txLeg = inferred ? LegSplice.transactions(collector::lateLeg) : null;
        array(out, "transactions", collector.transactions, txLeg, interim);
        earliest = collector.transactions.earliest(LEG_HEAD, txLeg);
        list(out, head, "anomalies", collector.anomalies(), "\n");
        out.write("}\n");
        stream.flush();
    }

    /** UTF-8 straight to the stream: the sections are small, the big arrays are copied as bytes. */
    private record Out(OutputStream stream) {
        void write(String s) throws IOException {
            stream.write(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void field(Out out, com.fasterxml.jackson.databind.node.ObjectNode head,
                              String name, Object value) throws IOException {
        com.fasterxml.jackson.databind.JsonNode node = HeadTrees.of(value);
        head.set(name, node);
        out.write("  \"" + name + "\": ");
        out.stream().write(HeadTrees.bytes(node));
        out.write(",\n");
    }

    /**
     * A section that is a list, one element per line. Its tree (for the renderers) is made once and the lines are
     * written from it, as {@link #field} does: serialising each element's record again for the file doubled the
     * work, cold, at the end of every run (a thousand listed anomalies).
     */
    private static void list(Out out, com.fasterxml.jackson.databind.node.ObjectNode head,
                             String name, List<?> values, String after) throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree = HeadTrees.of(values);
        head.set(name, tree);
        out.write("  \"" + name + "\": [");
        for (int i = 0; i < tree.size(); i++) {
            out.write(i == 0 ? "\n    " : ",\n    ");
            out.stream().write(HeadTrees.bytes(tree.get(i)));
        }
        out.write(tree.isEmpty() ? "]" + after : "\n  ]" + after);
    }

    /** How much of a record's start {@link LegSplice} may need to see: its endpoints come first. */
    private static final int LEG_HEAD = 1024;

    private static void array(Out out, String name, Spool spool, java.util.function.UnaryOperator<String> leg,
                              boolean soFar) throws IOException {
        out.write("  \"" + name + "\": [");
        long copied = leg == null ? spool.copyTo(out.stream(), soFar) : spool.copyTo(out.stream(), LEG_HEAD, leg, soFar);
        out.write(copied == 0 ? "],\n" : "\n  ],\n");
    }
}
