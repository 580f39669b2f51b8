package io.hopsniff.cli;

import io.hopsniff.testkit.WorldReadableClasspath;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Capture without root (docs/safety.md): user nobody holding CAP_NET_RAW and CAP_NET_ADMIN as ambient
 * capabilities, exactly what systemd's {@code User=} with {@code AmbientCapabilities=} gives a service (here from
 * {@code setpriv}), captures on lo; the same user without them is refused with exit 5. The classes are a copy
 * nobody can read. Loopback only.
 */
class CapabilitiesCaptureTest {

    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
            "--clear-groups");

    @RegisterExtension
    static final LiveServer SERVER = new LiveServer();

    private static String classpath;
    private static Path out;

    @BeforeAll
    static void start() throws Exception {
        classpath = WorldReadableClasspath.copy();
        out = Files.createTempDirectory(Path.of("/tmp"), "hopsniff-caps");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (classpath != null) {
            WorldReadableClasspath.delete(classpath);
        }
        if (out != null) {
            try (var files = Files.list(out)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(out);
        }
    }

    @Test
    void nobodyWithAmbientNetRawAndNetAdminCaptures() throws Exception {
        List<String> prefix = new ArrayList<>(AS_NOBODY);
        prefix.addAll(List.of("--inh-caps=+net_raw,+net_admin", "--ambient-caps=+net_raw,+net_admin"));
        Path report = out.resolve("caps.json");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(classpath, out, prefix, "capture", "-i", "lo",
                "--server", "127.0.0.1:" + SERVER.port(), "-o", report.toString(), "-q");
        h.awaitCapturing();
        Process curl = new ProcessBuilder("curl", "-s", "--fail", "-o", "/dev/null",
                "http://127.0.0.1:" + SERVER.port() + "/api/status?by=nobody").start();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).isZero();
        Thread.sleep(300);
        h.signal("TERM");
        assertThat(h.waitFor()).as(h.err()).isZero();
        JsonNode json = CliRun.readJson(report);
        SchemaCheck.assertValid(json);
        assertThat(json.at("/transactions/0/request/target").asText()).isEqualTo("/api/status?by=nobody");
        assertThat(json.at("/transactions/0/response/status").asInt()).isEqualTo(200);
        assertThat(json.at("/capture/live/user").asText()).isEqualTo("nobody");
        assertThat(Files.getAttribute(report, "unix:uid")).isEqualTo(65534);
    }

    @Test
    void theSameUserWithoutThemIsExit5WithThePermissionMessage() throws Exception {
        List<String> prefix = new ArrayList<>(AS_NOBODY);
        prefix.add("--inh-caps=-all");
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(classpath, out, prefix, "capture", "-i", "lo",
                "--server", "127.0.0.1:" + SERVER.port(), "--duration", "1s", "-q");
        assertThat(h.waitFor()).as(h.err()).isEqualTo(ExitCodes.CAPTURE_PERMISSION);
        assertThat(h.err()).contains("permission denied, run as root or grant CAP_NET_RAW,CAP_NET_ADMIN")
                .doesNotContain("Exception");
    }
}
