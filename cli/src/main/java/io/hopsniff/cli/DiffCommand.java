package io.hopsniff.cli;

import io.hopsniff.report.JsonMapper;
import io.hopsniff.report.render.ReportDiff;
import io.hopsniff.report.render.ReportFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hopsniff diff BEFORE.json AFTER.json}: what a fix changed. */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Compares two saved reports (before and after a fix): diagnoses resolved, new and persisting "
                + "(by id), exchange counts by status class, status and method, anomalies by id.",
            "Exit 0 whatever changed; with --fail-on-new, 9 when AFTER has an error diagnosis BEFORE had not.",
            "Example: hopsniff diff before.json after.json"})
final class DiffCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "The report before the change.")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The report after the change.")
    Path after;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (hopsniff.diff/1). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--fail-on-new", description = "Exit 9 when an error diagnosis appeared (for CI after a fix).")
    boolean failOnNew;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ReportFile b;
        ReportFile a;
        try {
            b = ReportCommand.open(before);
        } catch (IOException e) {
            throw new CliError(ExitCodes.BAD_INPUT, before + ": " + e.getMessage());
        }
        try {
            a = ReportCommand.open(after);
        } catch (IOException e) {
            throw new CliError(ExitCodes.BAD_INPUT, after + ": " + e.getMessage());
        }
        ReportDiff diff = new ReportDiff(b, a);
        if (format == Format.json) {
            out.println(JsonMapper.get().writerWithDefaultPrettyPrinter().writeValueAsString(diff.json()));
            out.flush();
        } else {
            diff.text(out);
        }
        return failOnNew && diff.newErrors() > 0 ? ExitCodes.NEW_ERRORS : ExitCodes.OK;
    }
}
