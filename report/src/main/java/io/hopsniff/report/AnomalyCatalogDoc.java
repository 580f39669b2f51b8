package io.hopsniff.report;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders docs/anomalies.md from the {@link AnomalyType} catalogue, so the page can never drift from the code.
 * Regenerate with {@code java -cp cli/target/hopsniff.jar io.hopsniff.report.AnomalyCatalogDoc docs/anomalies.md}.
 */
public final class AnomalyCatalogDoc {

    private AnomalyCatalogDoc() {
    }

    public static String render() {
        StringBuilder b = new StringBuilder();
        b.append("# Anomaly ids\n\n")
                .append("Generated from `io.hopsniff.decoder.anomaly.AnomalyType` by `AnomalyCatalogDoc`; a test fails when\n")
                .append("this page differs from the code. Ids are part of the report's API: never renamed, only added.\n")
                .append("The prefix says which layer found it: `CAP_` capture file, `L2_` link, `IP_`, `TCP_`, `HTTP_`\n")
                .append("(HTTP/1.x), `WS_` (WebSocket), `H2_` (HTTP/2), `PROXY_` (across legs). In a report, `detail` carries\n")
                .append("the variable part (`expected=…, found=…`). The category follows Wireshark's expert-info groups\n")
                .append("(`malformed`, `sequence`, `response_code`, `undecoded`, `protocol`, `comment`, `debug`) plus\n")
                .append("`limit`: one of hopsniff's bounds was hit; every `limit` id is counted in `summary.limits_hit`.\n");
        String layer = "";
        for (AnomalyType t : AnomalyType.values()) {
            if (!t.layer().equals(layer)) {
                layer = t.layer();
                b.append("\n## ").append(layer).append("_\n\n")
                        .append("| id | severity | category | reference | meaning |\n|---|---|---|---|---|\n");
            }
            b.append("| `").append(t.name()).append("` | ").append(t.severity().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(t.category().reportName()).append(" | ").append(t.reference().replace("|", "\\|")).append(" | ")
                    .append(t.summary().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    /** One anomaly's entry for {@code hopsniff explain}: what it means, its reference, where it is counted. */
    public static String explain(AnomalyType t) {
        StringBuilder b = new StringBuilder();
        b.append(t.name()).append("  (").append(t.severity().name().toLowerCase(java.util.Locale.ROOT)).append(", ")
                .append(t.category().reportName()).append(")\n\n").append(t.summary()).append(".\n\n")
                .append("Reference: ").append(t.reference()).append("\n\n")
                .append("An anomaly: something hopsniff saw in the capture, listed in the report's anomalies with\n")
                .append("its detail (expected=..., found=...) and counted in summary.anomalies; the diagnoses weigh\n")
                .append("them.\n");
        if (t.isLimit()) {
            b.append("One of hopsniff's bounds was hit: every hit is counted in summary.limits_hit; the bounds and\n")
                    .append("their defaults are in docs/limits.md.\n");
        }
        return b.append("Every anomaly id: docs/anomalies.md; every diagnosis: hopsniff explain.\n").toString();
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/anomalies.md");
        Files.writeString(out, render(), StandardCharsets.UTF_8);
    }
}
