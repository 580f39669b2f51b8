package io.hopsniff.report;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.ToolJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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

    public JsonReport(ReportCollector collector, InputJson input, CaptureJson.LiveJson live, long generatedNanos) {
        this.collector = collector;
        this.input = input;
        this.live = live;
        this.generatedNanos = generatedNanos;
    }

    private final com.fasterxml.jackson.databind.node.ObjectNode head = JsonMapper.get().createObjectNode();

    /**
     * After {@link #write}: every section except connections and transactions, as written — so renderers need
     * not read the document back to find them.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode head() {
        return head;
    }

    public void write(OutputStream stream) throws IOException {
        ObjectWriter json = JsonMapper.get().writer();
        head.removeAll();
        head.put("schema", SCHEMA);
        ReportOptions o = collector.options();
        Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        out.write("{\n  \"schema\": \"" + SCHEMA + "\",\n");
        field(out, json, head, "tool", new ToolJson("hopsniff", o.toolVersion(), TimeJson.of(generatedNanos),
                o.servers(), o.redact(), o.bodyBytes(), o.limits()));
        field(out, json, head, "input", input);
        long first = collector.firstNanos();
        long last = collector.lastNanos();
        field(out, json, head, "capture", new CaptureJson(TimeJson.of(first), TimeJson.of(last),
                first == 0 ? 0 : Times.millis(last - first), live));
        field(out, json, head, "summary", collector.summary());
        field(out, json, head, "legs", collector.legsJson());
        out.write("  \"diagnoses\": [");
        List<io.hopsniff.report.diagnosis.Diagnosis> diagnoses = collector.diagnoses();
        head.set("diagnoses", JsonMapper.get().valueToTree(diagnoses));
        for (int i = 0; i < diagnoses.size(); i++) {
            out.write(i == 0 ? "\n    " : ",\n    ");
            out.write(json.writeValueAsString(diagnoses.get(i)));
        }
        out.write(diagnoses.isEmpty() ? "],\n" : "\n  ],\n");
        out.write("  \"correlations\": [");
        List<io.hopsniff.report.correlation.CorrelationJson> correlations = collector.correlations();
        head.set("correlations", JsonMapper.get().valueToTree(correlations));
        for (int i = 0; i < correlations.size(); i++) {
            out.write(i == 0 ? "\n    " : ",\n    ");
            out.write(json.writeValueAsString(correlations.get(i)));
        }
        out.write(correlations.isEmpty() ? "],\n" : "\n  ],\n");
        boolean inferred = collector.legMap().decided() == io.hopsniff.report.correlation.LegMap.Decided.INFERRED;
        array(out, "connections", collector.connections,
                inferred ? LegSplice.connections(collector::lateLeg) : java.util.function.UnaryOperator.identity());
        array(out, "transactions", collector.transactions,
                inferred ? LegSplice.transactions(collector::lateLeg) : java.util.function.UnaryOperator.identity());
        out.write("  \"anomalies\": [");
        List<AnomalyJson> anomalies = collector.anomalies();
        head.set("anomalies", JsonMapper.get().valueToTree(anomalies));
        for (int i = 0; i < anomalies.size(); i++) {
            out.write(i == 0 ? "\n    " : ",\n    ");
            out.write(json.writeValueAsString(anomalies.get(i)));
        }
        out.write(anomalies.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        out.flush();
    }

    private static void field(Writer out, ObjectWriter json, com.fasterxml.jackson.databind.node.ObjectNode head,
                              String name, Object value) throws IOException {
        com.fasterxml.jackson.databind.JsonNode node = JsonMapper.get().valueToTree(value);
        head.set(name, node);
        out.write("  \"" + name + "\": " + json.writeValueAsString(node) + ",\n");
    }

    private static void array(Writer out, String name, Spool spool, java.util.function.UnaryOperator<String> line)
            throws IOException {
        out.write("  \"" + name + "\": [");
        boolean[] first = {true};
        try {
            spool.forEach(l -> {
                try {
                    out.write(first[0] ? "\n    " : ",\n    ");
                    out.write(line.apply(l));
                    first[0] = false;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.write(first[0] ? "],\n" : "\n  ],\n");
    }
}
