package io.hopsniff.cli;

import io.hopsniff.report.render.OutputFormat;
import io.hopsniff.report.render.ReportFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hopsniff report REPORT.json}: re-renders a saved report without the capture. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Renders a saved hopsniff JSON report in another format (no capture needed).",
            "Example: hopsniff report report.json --format markdown -o ticket.md"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "REPORT", description = "A hopsniff.report/1 JSON file.")
    Path report;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (atomically, mode 0600); repeatable, one per --format; alone, the extension "
                    + "picks the format: ${sys:hopsniff.format.extensions:-see --format}.")
    List<Path> outputs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES} (default: text on stdout); repeatable with -o.")
    List<OutputFormat> formats = new ArrayList<>();

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<OutputOptions.Target> targets;
        try {
            targets = OutputOptions.targets(formats, outputs);
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
        ReportFile file;
        try {
            file = open(report);
        } catch (IOException e) {
            throw new CliError(ExitCodes.BAD_INPUT, report + ": " + e.getMessage());
        }
        return ReportOutput.render(file, targets, true, false, out, err);
    }

    /** Opens a saved report, naming the usual failures in one line. */
    static ReportFile open(Path report) throws IOException {
        try {
            return ReportFile.open(report);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }
}
