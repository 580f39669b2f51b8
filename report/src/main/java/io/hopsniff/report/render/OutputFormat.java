package io.hopsniff.report.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The forms a report can be written in; each renders the finished JSON document. */
public enum OutputFormat {
    json, ndjson, markdown, har, text;

    /** The format a file name asks for (.json, .ndjson/.jsonl, .md, .har, .txt), or null for any other name. */
    public static OutputFormat ofFileName(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return json;
        } else if (n.endsWith(".ndjson") || n.endsWith(".jsonl")) {
            return ndjson;
        } else if (n.endsWith(".md") || n.endsWith(".markdown")) {
            return markdown;
        } else if (n.endsWith(".har")) {
            return har;
        } else if (n.endsWith(".txt")) {
            return text;
        }
        return null;
    }

    public void render(ReportFile report, OutputStream out) throws IOException {
        switch (this) {
            case json -> Files.copy(report.path(), out);
            case ndjson -> new NdjsonRenderer().render(report, out);
            case markdown -> new MarkdownRenderer(MarkdownRenderer.DEFAULT_ROWS).render(report, out);
            case har -> new HarRenderer().render(report, out);
            case text -> new io.hopsniff.report.TextSummary(Integer.MAX_VALUE).render(report, out);
            default -> throw new IllegalStateException(name());
        }
        out.flush();
    }
}
