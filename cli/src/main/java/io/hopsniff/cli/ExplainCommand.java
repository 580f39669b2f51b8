package io.hopsniff.cli;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.report.AnomalyCatalogDoc;
import io.hopsniff.report.diagnosis.Catalogue;
import io.hopsniff.report.diagnosis.DiagnosisId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hopsniff explain [ID]}: a diagnosis' causes, fix and references, or what an anomaly id means; without ID,
 * the list of diagnosis ids.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Explains a diagnosis id (likely causes, the fix to try, the references) or an anomaly id",
            "(what it means, its reference). Without ID, lists every diagnosis.",
            "Examples: hopsniff explain DIAG_CONNECT_AT_ORIGIN; hopsniff explain WS_TEXT_NOT_UTF8"})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", arity = "0..1",
            description = "A diagnosis id (the DIAG_ prefix may be left out) or an anomaly id, as in a report.")
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
        AnomalyType anomaly = found == null ? AnomalyType.find(id) : null;
        if (found == null && anomaly == null) {
            throw new CliError(ExitCodes.USAGE, "unknown diagnosis or anomaly id: " + id
                    + " (hopsniff explain lists the diagnoses, docs/anomalies.md the anomalies)");
        }
        out.print(found != null ? Catalogue.explain(found) : AnomalyCatalogDoc.explain(anomaly));
        out.flush();
        return ExitCodes.OK;
    }
}
