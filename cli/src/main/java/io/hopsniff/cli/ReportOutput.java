package io.hopsniff.cli;

import io.hopsniff.report.AtomicFiles;
import io.hopsniff.report.FileSink;
import io.hopsniff.report.JsonReport;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportWriterFailure;
import io.hopsniff.report.TextSummary;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.render.NdjsonRenderer;
import io.hopsniff.report.render.OutputFormat;
import io.hopsniff.report.render.ReportFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes the finished report where the options say. The JSON document is written once, to an owner-only
 * temporary file; every requested format is rendered from it (files atomically, mode 0600; at most one to
 * stdout), which is also how {@code hopsniff report} re-renders a saved report.
 */
final class ReportOutput {

    private static final int TEXT_LINES = 200;

    private ReportOutput() {
    }

    /** Returns OK or OUTPUT_ERROR (after one line on err). */
    static int write(OutputOptions options, ReportCollector collector, InputJson input, CaptureJson.LiveJson live,
                     List<String> inputNames, PrintWriter out, PrintWriter err) {
        return write(options, collector, input, live, inputNames, out, err, false);
    }

    /** {@code ndjsonStreamed}: the NDJSON events already went to stdout live; only the end-of-capture lines follow. */
    static int write(OutputOptions options, ReportCollector collector, InputJson input, CaptureJson.LiveJson live,
                     List<String> inputNames, PrintWriter out, PrintWriter err, boolean ndjsonStreamed) {
        return write(options, collector, input, live, out, err, ndjsonStreamed, false);
    }

    /**
     * {@code --report-every}: rewrites the report files (atomically, as at the end) with what the collector holds
     * so far, leaving it open for more; nothing goes to stdout. Null when written, else the one-line reason.
     */
    static String writeInterim(OutputOptions options, ReportCollector collector, InputJson input,
                               CaptureJson.LiveJson live, io.hopsniff.decoder.tcp.TrackerStats tcp) {
        collector.tcpLimitHits(tcp); // a put: the final report sets it again
        OutputOptions files = options.filesOnly();
        java.io.StringWriter why = new java.io.StringWriter();
        int code = write(files, collector, input, live, new PrintWriter(java.io.Writer.nullWriter()),
                new PrintWriter(why, true), false, true);
        return code == ExitCodes.OK ? null : why.toString().strip().replaceFirst("^hopsniff: ", "");
    }

    private static int write(OutputOptions options, ReportCollector collector, InputJson input,
                             CaptureJson.LiveJson live, PrintWriter out, PrintWriter err, boolean ndjsonStreamed,
                             boolean interim) {
        long now = System.currentTimeMillis() * 1_000_000L;
        Path temp;
        try {
            temp = ownerOnlyTemp();
        } catch (IOException e) {
            err.println("hopsniff: cannot create a temporary file for the report: " + e.getMessage());
            return ExitCodes.OUTPUT_ERROR;
        }
        try {
            JsonReport json = new JsonReport(collector, input, live, now, interim);
            try (OutputStream s = FileSink.open(temp)) {
                json.write(s);
            }
            // The writer kept the small sections and the earliest exchanges: no need to read the whole document back.
            ReportFile report = ReportFile.of(temp, json.head(), json.earliestTransactions());
            return render(report, options.targets(), options.quiet, ndjsonStreamed, out, err);
        } catch (IOException e) {
            err.println("hopsniff: cannot write the report: " + e.getMessage());
            return ExitCodes.OUTPUT_ERROR;
        } catch (ReportWriterFailure e) {
            err.println("hopsniff: internal error: " + e.getMessage());
            return ExitCodes.INTERNAL_ERROR;
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Owner-only and in the temp directory: not worth failing the run for.
            }
        }
    }

    /** Renders a finished report to every target; shared with {@code hopsniff report}. */
    static int render(ReportFile report, List<OutputOptions.Target> targets, boolean quiet, boolean ndjsonStreamed,
                      PrintWriter out, PrintWriter err) {
        boolean toStdout = false;
        for (OutputOptions.Target t : targets) {
            if (t.file() == null) {
                toStdout = true;
                continue;
            }
            try {
                AtomicFiles.write(t.file(), stream -> t.format().render(report, stream));
            } catch (AccessDeniedException | NoSuchFileException e) {
                err.println("hopsniff: cannot write " + t.file() + ": "
                        + (e instanceof NoSuchFileException ? "no such directory" : "permission denied"));
                return ExitCodes.OUTPUT_ERROR;
            } catch (IOException e) {
                err.println("hopsniff: cannot write " + t.file() + ": " + e.getMessage());
                return ExitCodes.OUTPUT_ERROR;
            }
        }
        try {
            OutputStream stream = stdout(out);
            if (toStdout) {
                OutputFormat f = targets.stream().filter(t -> t.file() == null).findFirst().orElseThrow().format();
                if (f == OutputFormat.text) {
                    new TextSummary(TEXT_LINES).render(report, stream);
                } else if (f == OutputFormat.ndjson && ndjsonStreamed) {
                    NdjsonRenderer.tail(report, stream);
                } else {
                    f.render(report, stream);
                }
            } else if (!quiet) {
                new TextSummary(TEXT_LINES).render(report, stream);
                out.println();
                for (OutputOptions.Target t : targets) {
                    out.println("Report written to " + t.file() + (targets.size() > 1 ? " (" + t.format() + ")" : ""));
                }
            }
            stream.close();
            out.flush();
            if (out.checkError()) {
                throw new IOException("standard output is closed or full");
            }
        } catch (IOException e) {
            err.println("hopsniff: cannot write to stdout: " + e.getMessage());
            return ExitCodes.OUTPUT_ERROR;
        }
        return ExitCodes.OK;
    }

    private static Path ownerOnlyTemp() throws IOException {
        try {
            return Files.createTempFile("hopsniff-report-", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile("hopsniff-report-", ".json");
        }
    }

    /**
     * The command's stdout writer as a byte stream (renderers write UTF-8 bytes): passed on whole lines at a time,
     * so a multi-byte character is never split, and flushed when a write ends a line, so live NDJSON is seen at
     * once. A renderer's large block goes through as one string and one flush, not byte by byte.
     */
    private static OutputStream stdout(PrintWriter out) {
        return new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int lastNewline = -1;
                for (int i = off + len - 1; i >= off; i--) {
                    if (b[i] == '\n') {
                        lastNewline = i;
                        break;
                    }
                }
                if (lastNewline < 0) {
                    line.write(b, off, len);
                    return;
                }
                line.write(b, off, lastNewline + 1 - off);
                drain();
                line.write(b, lastNewline + 1, off + len - lastNewline - 1);
            }

            @Override
            public void close() throws IOException {
                drain();
            }

            /** A PrintWriter swallows write errors: checked here, so a closed or full stdout is exit 4. */
            private void drain() throws IOException {
                out.write(line.toString(StandardCharsets.UTF_8));
                line.reset();
                out.flush();
                if (out.checkError()) {
                    throw new IOException("standard output is closed or full");
                }
            }
        };
    }

    /** Renders an empty report into nothing, so every class the report needs is loaded now. */
    static void warmUp() {
        try (ReportCollector c = new ReportCollector(io.hopsniff.report.ReportOptions.defaults("warm-up"))) {
            Path temp = ownerOnlyTemp();
            try {
                try (OutputStream s = Files.newOutputStream(temp)) {
                    new JsonReport(c, new InputJson(List.of(), new InputJson.PacketsJson(0, 0, 0, 0, 0, 0, 0, 0, 0)),
                            null, 0).write(s);
                }
                ReportFile report = ReportFile.open(temp);
                for (OutputFormat f : OutputFormat.values()) {
                    f.render(report, OutputStream.nullOutputStream());
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // Warming up is best effort: a class that fails to load later says so itself.
        }
    }
}
