package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explain, --route, the diagnoses array (schema-valid) and the text summary leading with the diagnoses. */
class DiagnosisCliTest {

    @Test
    void explainListsAndExplains() {
        CliRun list = CliRun.run("explain");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT", "DIAG_CONNECT_AT_ORIGIN");
        CliRun one = CliRun.run("explain", "connect_at_origin");
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).startsWith("DIAG_CONNECT_AT_ORIGIN  (error)").contains("Fix:");
        CliRun unknown = CliRun.run("explain", "DIAG_NOPE");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("unknown diagnosis or anomaly id: DIAG_NOPE");
        // an anomaly id as a report lists it: its meaning and reference (RFC 7692 §7.2.2 for data that does not
        // inflate), and for a limit where its bound is documented
        CliRun anomaly = CliRun.run("explain", "ws_deflate_invalid");
        assertThat(anomaly.exitCode()).isZero();
        assertThat(anomaly.out()).startsWith("WS_DEFLATE_INVALID  (error, malformed)").contains("RFC 7692 §7.2.2")
                .doesNotContain("limits_hit");
        assertThat(CliRun.run("explain", "WS_INFLATE_LIMIT").out()).startsWith("WS_INFLATE_LIMIT  (warning, limit)")
                .contains("summary.limits_hit", "docs/limits.md");
    }

    @Test
    void textSummaryLeadsWithDiagnoses() {
        CliRun r = CliRun.run("analyze", RepoPaths.samples().resolve("dashboard-incident.pcap").toString());
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[1]).startsWith("ERROR    DIAG_BACKEND_NO_WEBSOCKET_SUPPORT  tx3 c2: GET /ws/abc123 got 400"
                + " 'Unsupported upgrade request.' from the backend");
        assertThat(lines[2]).startsWith("ERROR    DIAG_CONNECT_AT_ORIGIN             tx4 c3: CONNECT 127.0.0.1:443");
    }

    @Test
    void jsonReportCarriesDiagnosesAndNoExtraBodyBytes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r.json");
        CliRun r = CliRun.run("analyze", RepoPaths.samples().resolve("dashboard-incident.pcap").toString(),
                "--route", "/ws/{session_id}", "-o", out.toString(), "-q");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = CliRun.readJson(out);
        SchemaCheck.assertValid(json);
        assertThat(json.get("diagnoses").get(0).get("id").asText()).isEqualTo("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT");
        // The decoder kept body bytes for the diagnosis; the report shows none without --body-bytes.
        assertThat(json.get("transactions").toString()).doesNotContain("body_prefix");
    }

    @Test
    void badRouteIsAUsageError() {
        CliRun r = CliRun.run("analyze", RepoPaths.samples().resolve("dashboard-incident.pcap").toString(),
                "--route", "ws/{x");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
