package io.hopsniff.report.render;

import io.hopsniff.report.TextSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The registry of the forms a report can be written in: each format's name (what {@code --format} takes), the
 * file extensions that ask for it, a line for help texts and docs, and its {@link Renderer}. Adding a format is
 * one renderer class and one constant here; help texts ({@code ${COMPLETION-CANDIDATES}}), docs and tests
 * iterate {@link #values()}.
 */
public enum OutputFormat {
    json("the whole report, hopsniff.report/1 (docs/report-format.md)", List.of(".json"),
            () -> (report, out) -> report.copyTo(out)),
    ndjson("one event per line (exchange, websocket, connection, anomaly, diagnosis, stats), for jq",
            List.of(".ndjson", ".jsonl"), NdjsonRenderer::new),
    markdown("for an incident ticket: diagnoses first, then legs, exchanges and correlation",
            List.of(".md", ".markdown"), () -> new MarkdownRenderer(MarkdownRenderer.DEFAULT_ROWS)),
    har("HAR 1.2, for browser developer tools and HAR viewers", List.of(".har"), HarRenderer::new),
    text("the terminal summary, every exchange listed", List.of(".txt"), () -> new TextSummary(Integer.MAX_VALUE));

    private final String description;
    private final List<String> extensions;
    private final Supplier<Renderer> renderer;

    OutputFormat(String description, List<String> extensions, Supplier<Renderer> renderer) {
        this.description = description;
        this.extensions = extensions;
        this.renderer = renderer;
    }

    public String description() {
        return description;
    }

    /** The file extensions (lower case, with the dot) that ask for this format. */
    public List<String> extensions() {
        return extensions;
    }

    /** Every format's extensions for help texts: ".json, .ndjson/.jsonl, …". */
    public static String extensionList() {
        StringBuilder b = new StringBuilder();
        for (OutputFormat f : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(String.join("/", f.extensions));
        }
        return b.toString();
    }

    /** The format a file name asks for by its extension, or null for any other name. */
    public static OutputFormat ofFileName(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            for (String ext : f.extensions) {
                if (n.endsWith(ext)) {
                    return f;
                }
            }
        }
        return null;
    }

    public void render(ReportFile report, OutputStream out) throws IOException {
        renderer.get().render(report, out);
        out.flush();
    }
}
