package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capture --report-every}: while the capture runs, the -o file is a complete, valid, owner-only report of
 * the exchanges so far, marked interim; the report at the stop is the final one with everything. Loopback only.
 */
class ReportEveryTest {

    @RegisterExtension
    static final LiveServer SERVER = new LiveServer();


    @TempDir
    Path tmp;

    private List<String> get(HttpClient http, int from, int count) throws Exception {
        List<String> targets = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String target = "/api/status?n=" + i;
            int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVER.port() + target)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).isEqualTo(200);
            targets.add(target);
        }
        return targets;
    }

    private static List<String> targets(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("transactions").forEach(t -> out.add(t.at("/request/target").asText()));
        return out;
    }

    @Test
    void theReportFileHoldsTheExchangesSoFarWhileTheCaptureRuns() throws Exception {
        Path report = tmp.resolve("r.json");
        Path text = tmp.resolve("r.txt");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "--report-every", "1s", "-o", report.toString(), "-o", text.toString(), "-q");
        h.awaitCapturing();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> before = get(http, 0, 3);

        // Wait (bounded) for an interim report that has them: written every second, each one complete.
        JsonNode interim = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            // the files of one interim report are written one after the other: wait for the last one too
            if (Files.exists(report) && Files.exists(text)) {
                interim = CliRun.readJson(report); // atomic replacement: never a half-written file
                if (targets(interim).containsAll(before)) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        assertThat(h.process.isAlive()).as("still capturing").isTrue();
        assertThat(interim).as("an interim report with the first requests").isNotNull();
        SchemaCheck.assertValid(interim);
        assertThat(targets(interim)).containsExactlyElementsOf(before);
        assertThat(interim.at("/capture/live/interim").asBoolean()).isTrue();
        assertThat(interim.at("/capture/live").has("stopped")).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
        assertThat(Files.readString(text)).contains("interim report");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(text))).isEqualTo("rw-------");
        assertThat(h.out()).as("an interim report writes nothing to stdout").isEmpty();

        List<String> after = get(http, 3, 2);
        Thread.sleep(300);
        h.signal("TERM");
        assertThat(h.waitFor()).as(h.err()).isZero();
        JsonNode last = CliRun.readJson(report);
        SchemaCheck.assertValid(last);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(targets(last)).containsExactlyElementsOf(all);
        assertThat(last.at("/capture/live").has("interim")).isFalse();
        assertThat(last.at("/capture/live/stopped/utc").asText()).isNotEmpty();
        assertThat(Files.readString(text)).doesNotContain("interim report");
        assertThat(h.err()).doesNotContain("interim report not written");
    }
}
