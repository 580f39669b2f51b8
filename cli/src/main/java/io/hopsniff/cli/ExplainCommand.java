package io.hopsniff.cli;

import io.hopsniff.report.diagnosis.Catalogue;
import io.hopsniff.report.diagnosis.DiagnosisId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hopsniff explain [ID]}: a diagnosis' causes, fix and references; without ID, the list of ids. */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Explains a diagnosis id: likely causes, the fix to try, the references.",
            "Without ID, lists every diagnosis. Example: hopsniff explain DIAG_CONNECT_AT_ORIGIN"})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "A diagnosis id (the DIAG_ prefix may be left out).")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (id == null) {
            out.print(Catalogue.list());
            out.flush();
            return ExitCodes.OK;
        }
        DiagnosisId found = DiagnosisId.find(id);
        if (found == null) {
            throw new CliError(ExitCodes.USAGE, "unknown diagnosis id: " + id + " (hopsniff explain lists them)");
        }
        out.print(Catalogue.explain(found));
        out.flush();
        return ExitCodes.OK;
    }
}
