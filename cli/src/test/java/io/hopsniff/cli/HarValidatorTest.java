package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.LoopbackPcap;
import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14: every HAR hopsniff writes passes a real HAR 1.2 validator, the npm package har-validator (installed by
 * scripts/install-deps --test), redacted and not: the HAR of every sample, and of a capture whose URLs carry
 * credentials in the query and the userinfo. A redacted URL must stay a valid URI (har-validator checks the "uri"
 * format: "?token=&lt;redacted:6 bytes&gt;" fails it, "?token=REDACTED-6B" passes).
 */
class HarValidatorTest {

    @TempDir
    Path tmp;

    @Test
    void everyHarValidatesRedactedAndNot() throws Exception {
        List<Path> captures = new ArrayList<>();
        try (Stream<Path> s = Files.list(RepoPaths.samples())) {
            s.filter(p -> p.toString().endsWith(".pcap")).sorted().forEach(captures::add);
        }
        Path secrets = tmp.resolve("secrets.pcap");
        try (LoopbackPcap pcap = new LoopbackPcap(secrets)) {
            pcap.connection(40001).open()
                    .client("GET /ws/abc?token=s3cr3t&page=2&access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln HTTP/1.1\r\n"
                            + "Host: dash.example\r\nCookie: sid=abcdef\r\nAuthorization: Bearer abcdefghijklmnop\r\n\r\n")
                    .server("HTTP/1.1 302 Found\r\nLocation: http://ann:hunter2@dash.example/login?code=xyz\r\n"
                            + "Set-Cookie: sid=abcdef; HttpOnly\r\nContent-Length: 0\r\n\r\n")
                    .fin(true).fin(false);
            // hostile heads: what a URI may not hold must still give a valid HAR url
            pcap.connection(40002).open()
                    .client("GET /a\"b<c>|{d}^`e\\f#g#h HTTP/1.1\r\nHost: [v]x\r\n\r\n")
                    .server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                    .client("GET http://[::1/p[1]?q=\u00e9 HTTP/1.1\r\nHost: a b\r\n\r\n")
                    .server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                    .client("GET /%zz HTTP/1.1\r\nHost: h[1]:x\r\n\r\n")
                    .server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                    .fin(true).fin(false);
        }
        captures.add(secrets);
        List<Path> hars = new ArrayList<>();
        for (Path capture : captures) {
            for (boolean redact : new boolean[] {true, false}) {
                Path har = tmp.resolve(capture.getFileName() + (redact ? "" : ".plain") + ".har");
                List<String> args = new ArrayList<>(List.of("analyze", capture.toString(), "--ws-payload-bytes", "64",
                        "--body-bytes", "64", "--format", "har", "-o", har.toString(), "-q"));
                if (!redact) {
                    args.add("--no-redact");
                }
                CliRun run = CliRun.run(args.toArray(String[]::new));
                assertThat(run.exitCode()).as(capture + ": " + run.err()).isZero();
                hars.add(har);
            }
        }
        String out = HarValidator.validate(tmp, hars);
        assertThat(out.lines().filter(l -> l.startsWith("valid "))).hasSize(hars.size());
        assertThat(Files.readString(tmp.resolve("secrets.pcap.plain.har")))
                .contains("http://%5Bv%5Dx/a%22b%3Cc%3E%7C%7Bd%7D%5E%60e%5Cf%23g%23h", "/%25zz");
        String redacted = Files.readString(tmp.resolve("secrets.pcap.har"));
        assertThat(redacted).contains("token=REDACTED-6B").doesNotContain("s3cr3t").doesNotContain("hunter2");
    }
}
