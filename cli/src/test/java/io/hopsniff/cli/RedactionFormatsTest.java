package io.hopsniff.cli;

import io.hopsniff.testkit.LoopbackPcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic capture whose request carries a Cookie, an Authorization bearer token and a ?token= query value, and
 * whose response sets a cookie and redirects to a URL with an access_key: no format may contain any of the secrets
 * (every file, every stdout rendering, and the re-rendering of the saved report). With --no-redact they are there,
 * which shows the test looks in the right place.
 */
class RedactionFormatsTest {

    private static final List<String> SECRETS = List.of("S3cretCookieValue", "BearerS3cretTok", "QueryS3cretTok",
            "SetCookieS3cret", "RedirectS3cretKey");

    @TempDir
    Path tmp;

    @Test
    void noSecretInAnyFormat() throws Exception {
        Path pcap = capture();
        Path json = tmp.resolve("r.json");
        CliRun run = CliRun.run("analyze", pcap.toString(), "--body-bytes", "256", "--format", "json", "-o", json.toString(),
                "--format", "markdown", "-o", tmp.resolve("r.md").toString(), "--format", "har", "-o",
                tmp.resolve("r.har").toString(), "--format", "ndjson", "-o", tmp.resolve("r.ndjson").toString(),
                "--format", "text", "-o", tmp.resolve("r.txt").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(CliRun.readJson(json).path("summary").path("transactions").asInt()).isEqualTo(1);
        StringBuilder all = new StringBuilder(run.out());
        for (String ext : List.of("json", "md", "har", "ndjson", "txt")) {
            String text = Files.readString(tmp.resolve("r." + ext));
            assertThat(text).as(ext).containsIgnoringCase("redacted"); // <redacted:N bytes>, or REDACTED-NB in a URL
            all.append(text);
        }
        for (String format : List.of("json", "ndjson", "markdown", "har", "text")) {
            all.append(CliRun.run("analyze", pcap.toString(), "--format", format).out());
            all.append(CliRun.run("report", json.toString(), "--format", format).out());
        }
        for (String secret : SECRETS) {
            assertThat(all.toString()).as(secret).doesNotContain(secret);
        }
        String unredacted = CliRun.run("analyze", pcap.toString(), "--no-redact", "--format", "har").out();
        for (String secret : SECRETS) {
            assertThat(unredacted).as("--no-redact keeps " + secret).contains(secret);
        }
        // every HAR written here, to a file or to stdout, redacted or not, is valid HAR 1.2 (issue #14)
        Path analyzed = Files.writeString(tmp.resolve("analyze-stdout.har"),
                CliRun.run("analyze", pcap.toString(), "--format", "har").out());
        Path rendered = Files.writeString(tmp.resolve("report-stdout.har"),
                CliRun.run("report", json.toString(), "--format", "har").out());
        Path plain = Files.writeString(tmp.resolve("unredacted.har"), unredacted);
        HarValidator.validate(tmp, List.of(tmp.resolve("r.har"), analyzed, rendered, plain));
    }

    private Path capture() throws IOException {
        Path file = tmp.resolve("secrets.pcap");
        try (LoopbackPcap pcap = new LoopbackPcap(file)) {
            LoopbackPcap.Conn w = pcap.connection(40000).open();
            w.client("GET /api/items?page=2&token=QueryS3cretTok HTTP/1.1\r\nHost: dash.example\r\n"
                    + "Cookie: session=S3cretCookieValue; theme=dark\r\nAuthorization: Bearer BearerS3cretTok\r\n\r\n");
            w.server("HTTP/1.1 302 Found\r\nSet-Cookie: sid=SetCookieS3cret; HttpOnly\r\n"
                    + "Location: https://dash.example/next?access_key=RedirectS3cretKey\r\nContent-Length: 0\r\n\r\n");
            w.fin(true);
            w.fin(false);
        }
        return file;
    }
}
