package io.hopsniff.cli;

import io.hopsniff.report.AtomicFiles;
import io.hopsniff.report.JsonReport;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.TextSummary;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;

/** Writes the finished report where the options say: a file (atomic, 0600) and/or stdout. */
final class ReportOutput {

    private static final int TEXT_LINES = 200;

    private ReportOutput() {
    }

    /** Returns OK or OUTPUT_ERROR (after one line on err). */
    static int write(OutputOptions options, ReportCollector collector, InputJson input, CaptureJson.LiveJson live,
                     List<String> inputNames, PrintWriter out, PrintWriter err) {
        long now = System.currentTimeMillis() * 1_000_000L;
        JsonReport json = new JsonReport(collector, input, live, now);
        if (options.output != null) {
            try {
                AtomicFiles.write(options.output, stream -> render(options.fileFormat(), json, collector, inputNames, stream));
            } catch (AccessDeniedException | NoSuchFileException e) {
                err.println("hopsniff: cannot write " + options.output + ": "
                        + (e instanceof NoSuchFileException ? "no such directory" : "permission denied"));
                return ExitCodes.OUTPUT_ERROR;
            } catch (IOException e) {
                err.println("hopsniff: cannot write " + options.output + ": " + e.getMessage());
                return ExitCodes.OUTPUT_ERROR;
            }
            if (!options.quiet) {
                new TextSummary(TEXT_LINES).write(collector, inputNames, out);
                out.println();
                out.println("Report written to " + options.output);
            }
            return ExitCodes.OK;
        }
        try {
            if (options.stdoutFormat() == OutputOptions.Format.text) {
                new TextSummary(TEXT_LINES).write(collector, inputNames, out);
            } else {
                OutputStream stream = new OutputStream() {
                    @Override
                    public void write(int b) {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        out.write(new String(b, off, len, StandardCharsets.UTF_8));
                    }
                };
                json.write(stream);
                out.flush();
            }
        } catch (IOException e) {
            err.println("hopsniff: cannot write to stdout: " + e.getMessage());
            return ExitCodes.OUTPUT_ERROR;
        }
        return ExitCodes.OK;
    }

    /** Renders an empty report into nothing, so every class the report needs is loaded now. */
    static void warmUp() {
        try (ReportCollector c = new ReportCollector(io.hopsniff.report.ReportOptions.defaults("warm-up"))) {
            new JsonReport(c, new InputJson(List.of(), new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0)), null, 0)
                    .write(OutputStream.nullOutputStream());
            new TextSummary(1).write(c, List.of(), new PrintWriter(OutputStream.nullOutputStream()));
        } catch (IOException e) {
            // Warming up is best effort: a class that fails to load later says so itself.
        }
    }

    private static void render(OutputOptions.Format format, JsonReport json, ReportCollector collector,
                               List<String> inputNames, OutputStream stream) throws IOException {
        if (format == OutputOptions.Format.json) {
            json.write(stream);
        } else {
            PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
            new TextSummary(Integer.MAX_VALUE).write(collector, inputNames, w);
            w.flush();
        }
    }
}
