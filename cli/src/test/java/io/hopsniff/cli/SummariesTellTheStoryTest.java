package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal table and the Markdown for the ticket tell one story per client request. The facts come from the
 * lab recordings' own logs (samples/README.md, lab-*.logs.txt): in lab-proxy-strips-upgrade the client's
 * handshake to Caddy carried Upgrade/Connection, Caddy's upstream request (its debug log) did not, and uvicorn's
 * 404 reached the client; in lab-ok every exchange succeeded and the WebSocket got its 101.
 */
class SummariesTellTheStoryTest {

    @TempDir
    Path tmp;

    private static String sample(String name) {
        return RepoPaths.samples().resolve(name).toString();
    }

    @Test
    void terminalTableHasTxAndLegColumnsInTimeOrderAndTheStoryUnderItsDiagnosis() {
        CliRun run = CliRun.run("analyze", sample("lab-proxy-strips-upgrade.pcap"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("TIME (UTC)")).findFirst().orElseThrow();
        assertThat(header.split("\\s+")).contains("TX", "LEG", "CONN", "STATUS");
        List<String> rows = lines.stream().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains(" front ").contains("/ws/lab-strip");
        assertThat(rows.get(1)).contains(" backend ").contains("/ws/lab-strip");
        assertThat(rows.stream().map(r -> r.substring(0, 15)).toList()).isSorted();
        int diagnosis = indexOf(lines, "ERROR    DIAG_PROXY_STRIPPED_UPGRADE        backend tx");
        assertThat(lines.get(diagnosis + 1)).contains("with Upgrade: websocket, Connection: Upgrade",
                "without Upgrade or Connection", "removed Upgrade: websocket", "backend 404",
                "client got 404 (relayed from the backend)");
        assertThat(run.out()).contains("Legs (inferred): front (client → proxy) 127.0.0.1:44529; backend (proxy → "
                + "backend) 127.0.0.1:48025");
        assertThat(run.out()).doesNotContain("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT");
    }

    @Test
    void aHealthy101IsNotFlagged() {
        CliRun run = CliRun.run("analyze", sample("lab-ok.pcap"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> upgraded = run.out().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")
                && l.contains("/ws/lab-ok") && l.contains(" 101 ")).toList();
        assertThat(upgraded).hasSize(2).noneMatch(l -> l.endsWith("!"));
    }

    @Test
    void markdownTellsTheStoryAsATableAndTheCorrelationsAsATable() throws Exception {
        Path md = tmp.resolve("r.md");
        CliRun run = CliRun.run("analyze", sample("lab-proxy-strips-upgrade.pcap"), "-o", md.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String m = Files.readString(md);
        int diagnoses = m.indexOf("## Diagnoses");
        int exchanges = m.indexOf("## Exchanges\n");
        String diagnosis = m.substring(diagnoses, exchanges);
        assertThat(diagnosis).contains("`DIAG_PROXY_STRIPPED_UPGRADE`", "*leg: backend · occurrences: 1",
                "| Client → proxy | Proxy → backend | Proxy changed | Backend answered | Client got | Pairing confidence |",
                "`GET /ws/lab-strip with Upgrade: websocket, Connection: Upgrade`",
                "`GET /ws/lab-strip without Upgrade or Connection`", "removed Upgrade: websocket");
        String correlations = m.substring(m.indexOf("## Correlations across legs"));
        assertThat(correlations).contains("| Client request | Forwarded as | Status client / backend | Proxy changed "
                + "| Pairing confidence | Why paired |", "| 404 / 404 |", "−Upgrade").doesNotContain("**front**");
        // diagnoses first, then how the legs were told apart, then the exchanges
        assertThat(m.indexOf("**Legs** (inferred)")).isGreaterThan(diagnoses).isLessThan(exchanges);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}
