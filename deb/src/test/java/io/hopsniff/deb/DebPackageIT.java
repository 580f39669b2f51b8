package io.hopsniff.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hopsniff.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the .deb the build made on this machine with dpkg, uses it as an operator would (the launcher on
 * PATH, a sample, the man pages, bash and zsh completion, the systemd unit), and purges it. Needs root and dpkg
 * (CI runs as root on Debian); it leaves a hopsniff package someone installed by hand alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {

    private static final Path DEB = Path.of(System.getProperty("hopsniff.deb", "target/hopsniff_0.1.0_all.deb"));
    private static boolean installedHere;

    @BeforeAll
    static void install() throws Exception {
        assumeTrue("0".equals(Shell.run("id", "-u").out().strip()), "installing a package needs root");
        assumeTrue(Shell.onPath("dpkg"), "needs dpkg (Debian)");
        assumeTrue(!installed(), "a hopsniff package is installed already: not touching it");
        assertThat(DEB).isRegularFile();
        Shell.Result r = Shell.run("dpkg", "-i", DEB.toString());
        assertThat(r.code()).as("dpkg -i: %s", r).isZero();
        installedHere = true;
    }

    @AfterAll
    static void purgeIfStillInstalled() throws Exception {
        if (installedHere && installed()) {
            Shell.run("dpkg", "--purge", "hopsniff");
        }
    }

    private static boolean installed() throws Exception {
        return Shell.run("dpkg-query", "-W", "-f=${Status}", "hopsniff").out().contains("install ok installed");
    }

    @Test
    @Order(1)
    void versionNamesTheBuild() throws Exception {
        Shell.Result r = Shell.run("hopsniff", "--version");
        assertThat(r.code()).isZero();
        String first = r.out().lines().findFirst().orElse("");
        Path root = RepoPaths.root();
        String expected = "hopsniff " + projectVersion(root) + ", commit ";
        if (Files.exists(root.resolve(".git")) && Shell.onPath("git")) {
            // the commit the package was built from is the one checked out
            expected += Shell.run("git", "-C", root.toString(), "rev-parse", "--short=10", "HEAD").out().strip();
        }
        assertThat(first).startsWith(expected);
        assertThat(r.out()).contains("Java ");
    }

    @Test
    @Order(2)
    void analyzesASampleAsRootAndAsAnOrdinaryUser(@TempDir Path dir) throws Exception {
        Path sample = Path.of("/usr/share/hopsniff/samples/dashboard-incident.pcap");
        assertThat(sample).isRegularFile();
        Shell.Result r = Shell.run("hopsniff", "analyze", sample.toString(), "--format", "json", "-o", "-");
        assertThat(r.code()).as("%s", r).isZero();
        // what the sample's recording shows (samples/README.md): uvicorn without a WebSocket library, and a
        // CONNECT that reached the backend
        assertThat(diagnosisIds(r.out())).contains("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT", "DIAG_CONNECT_AT_ORIGIN");

        // nobody has no writable home: the install-time archive serves, and nothing needs root
        Shell.Result asNobody = Shell.run("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "env", "HOME=/nonexistent", "hopsniff", "analyze", sample.toString(), "--format", "json", "-o", "-");
        assertThat(asNobody.code()).as("%s", asNobody).isZero();
        assertThat(diagnosisIds(asNobody.out())).contains("DIAG_BACKEND_NO_WEBSOCKET_SUPPORT");
    }

    @Test
    @Order(3)
    void theStartUpArchiveIsMadeAtInstallForTheJavaTheLauncherPicksAndIsUsable() throws Exception {
        // the launcher's own choice (jvm.sh): Java 25 or later takes an ahead-of-time cache, older ones a
        // class-data-sharing archive
        Shell.Result picked = Shell.run("bash", "-c", ". /usr/share/hopsniff/jvm.sh; hopsniff_java; "
                + "hopsniff_options analyze; echo \"$hopsniff_java_bin $hopsniff_archive_kind ${hopsniff_options[*]}\"");
        assertThat(picked.code()).as("%s", picked).isZero();
        List<String> words = List.of(picked.out().strip().split(" "));
        String java = words.get(0);
        String kind = words.get(1);
        Path archive = Path.of("/var/cache/hopsniff/hopsniff." + kind);
        assertThat(archive).isRegularFile();
        assertThat(Files.size(archive)).isPositive();
        List<String> command = new ArrayList<>(List.of(java));
        if (kind.equals("aot")) {
            // AOTMode=on makes the JVM refuse to start when it cannot use the cache; run with the options the
            // launcher runs hopsniff with, as the cache was made
            command.addAll(words.subList(2, words.size()));
            command.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + archive));
        } else {
            // -Xshare:on makes the JVM refuse to start when the archive does not match the installed jar
            command.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive));
        }
        command.addAll(List.of("-jar", "/usr/share/hopsniff/hopsniff.jar", "--version"));
        Shell.Result r = Shell.run(command.toArray(String[]::new));
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("hopsniff ");
    }

    @Test
    @Order(4)
    void eachCommandHasAManPageWithEveryOptionItsHelpShows() throws Exception {
        List<String> commands = List.of("analyze", "capture", "interfaces", "explain", "report", "diff");
        Shell.Result top = Shell.env("MANWIDTH", "200").exec("man", "-P", "cat", "hopsniff");
        assertThat(top.code()).as("%s", top).isZero();
        assertThat(top.out()).contains("NAME", "hopsniff").contains(commands);
        for (String command : commands) {
            Shell.Result help = Shell.run("hopsniff", command, "--help");
            assertThat(help.code()).isZero();
            Shell.Result man = Shell.env("MANWIDTH", "200").exec("man", "-P", "cat", "hopsniff-" + command);
            assertThat(man.code()).as("man hopsniff-%s: %s", command, man).isZero();
            List<String> options = longOptions(help.out());
            assertThat(options).as("options in %s --help", command).isNotEmpty();
            assertThat(man.out()).as("man hopsniff-%s", command).contains(options);
        }
    }

    @Test
    @Order(5)
    void bashCompletionLoadsAndCompletesCommandsAndOptions() throws Exception {
        String script = "source /usr/share/bash-completion/completions/hopsniff || exit 9\n"
                + "complete -p hopsniff || exit 8\n"
                + "COMP_WORDS=(hopsniff ana); COMP_CWORD=1; _complete_hopsniff 2>/dev/null; echo \"1:${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(hopsniff capture --rotate-f); COMP_CWORD=2; _complete_hopsniff 2>/dev/null;"
                + " echo \"2:${COMPREPLY[*]}\"\n";
        Shell.Result r = Shell.run("bash", "--norc", "-c", script);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("-F _complete_hopsniff hopsniff", "1:analyze", "2:--rotate-files");
    }

    @Test
    @Order(6)
    void zshCompletesTheCommandOnTheFirstTab(@TempDir Path dir) throws Exception {
        assumeTrue(Shell.onPath("zsh"), "zsh is not installed (scripts/install-deps --test installs it)");
        // a real interactive zsh on a pseudo-terminal: type "hopsniff ana", press TAB, read the line back
        String driver = String.join("\n",
                "zmodload zsh/zpty",
                "zpty z 'zsh -f -i'",
                "zpty -w z 'PS1=\"> \"; fpath=(/usr/share/zsh/vendor-completions $fpath); autoload -U compinit;"
                        + " compinit -u -D'",
                "zpty -w -n z $'hopsniff ana\\t'",
                "sleep 2",
                "out=''",
                "while zpty -r -t z line; do out+=$line; done",
                "print -r -- \"$out\"",
                "zpty -d z", "");
        Path script = Files.writeString(dir.resolve("drive.zsh"), driver);
        Shell.Result r = Shell.in(dir).exec("timeout", "30", "zsh", "-f", script.toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("hopsniff analyze");
    }

    @Test
    @Order(7)
    void theSystemdUnitVerifies() throws Exception {
        assumeTrue(Shell.onPath("systemd-analyze"), "systemd-analyze is not installed");
        assertThat(Path.of("/lib/systemd/system/hopsniff-capture@.service")).isRegularFile();
        assertThat(Path.of("/etc/hopsniff/capture-dashboard.conf")).isRegularFile();
        // systemd-analyze exits 0 on unknown keys and bad values: anything it prints is a finding
        Shell.Result r = Shell.run("systemd-analyze", "verify", "hopsniff-capture@dashboard.service");
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out() + r.err()).isBlank();
        assertThat(Shell.run("dpkg-query", "--control-show", "hopsniff", "conffiles").out())
                .contains("/etc/hopsniff/capture-dashboard.conf");
    }

    @Test
    @Order(8)
    void lintianFindsNoErrorOrWarning() throws Exception {
        assumeTrue(Shell.onPath("lintian"), "lintian is not installed (scripts/install-deps --test installs it)");
        // Debian's own package checker: policy on man pages, completion, maintainer scripts, copyright, changelog
        Shell.Result r = Shell.run("lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", DEB.toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).doesNotContainPattern("(?m)^[EW]: ");
    }

    /**
     * What {@code systemctl start hopsniff-capture@dashboard} runs, taken from the installed unit and its
     * configuration (systemd itself is not PID 1 here): ExecStartPre, then ExecStart with $HOPSNIFF_CAPTURE_ARGS
     * split on white space as systemd does. Two changes keep the test on loopback: {@code -i lo}, and the server
     * is a JDK HTTP server on 127.0.0.1 that curl asks once. Run with the unit's capability bounding set, so a
     * privilege the unit forgot shows here.
     */
    @Test
    @Order(9)
    void theServiceCommandCapturesAsTheHopsniffUser() throws Exception {
        String unit = Files.readString(Path.of("/lib/systemd/system/hopsniff-capture@.service"));
        String pre = directive(unit, "ExecStartPre").replace("%i", "dashboard").replaceFirst("^\\+", "");
        String start = directive(unit, "ExecStart").replace("%i", "dashboard");
        String conf = directive(unit, "EnvironmentFile").replace("%i", "dashboard");
        String args = Shell.run("bash", "-c", "set -a; . " + conf + "; printf %s \"$HOPSNIFF_CAPTURE_ARGS\"").out();
        assertThat(args).contains("-i any", "--server 192.168.2.22:12656", "-o /var/lib/hopsniff/dashboard/report.json");

        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            byte[] body = "hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            String loopbackArgs = args.replace("-i any", "-i lo").replace("192.168.2.22:12656", "127.0.0.1:" + port);
            assertThat(Shell.run(pre.split("\\s+")).code()).isZero();
            // the unit's capability bounding set, applied as systemd would (setpriv, from util-linux)
            String bounding = directive(unit, "CapabilityBoundingSet").toLowerCase(java.util.Locale.ROOT)
                    .replace("cap_", "+").trim().replaceAll("\\s+", ",");
            List<String> command = new ArrayList<>(List.of("setpriv", "--bounding-set=-all," + bounding));
            command.addAll(List.of(start.replace("$HOPSNIFF_CAPTURE_ARGS", loopbackArgs).trim().split("\\s+")));
            command.addAll(List.of("--duration", "5s"));
            Process capture = new ProcessBuilder(command).redirectErrorStream(true).start();
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(capture.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder said = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                said.append(line).append('\n');
                if (line.contains("capturing on")) {
                    Thread.sleep(1000); // the device opens right after the line (as LiveCaptureTest waits)
                    assertThat(Shell.run("curl", "-sS", "-o", "/dev/null", "http://127.0.0.1:" + port + "/svc-check").code())
                            .isZero();
                }
            }
            assertThat(capture.waitFor()).as("%s", said).isZero();
            Path report = Path.of("/var/lib/hopsniff/dashboard/report.json");
            assertThat(report).isRegularFile();
            assertThat(Files.getOwner(report).getName()).isEqualTo("hopsniff");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(report)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(report)).contains("/svc-check");
            try (var pcaps = Files.list(report.getParent())) {
                assertThat(pcaps.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcap")))
                        .as("the rotated pcap files").contains("backend-0001.pcap");
            }
        } finally {
            server.stop(0);
        }
    }

    private static String directive(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertThat(m.find()).as(key + " in the unit").isTrue();
        return m.group(1).trim();
    }

    @Test
    @Order(100)
    void purgeRemovesEverything() throws Exception {
        Shell.Result r = Shell.run("dpkg", "--purge", "hopsniff");
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(installed()).isFalse();
        for (String path : List.of("/usr/bin/hopsniff", "/usr/share/hopsniff", "/var/cache/hopsniff",
                "/var/lib/hopsniff", "/etc/hopsniff", "/usr/share/man/man1/hopsniff.1.gz",
                "/usr/share/bash-completion/completions/hopsniff", "/lib/systemd/system/hopsniff-capture@.service")) {
            assertThat(Path.of(path)).as(path).doesNotExist();
        }
    }

    private static List<String> diagnosisIds(String json) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode d : new ObjectMapper().readTree(json).path("diagnoses")) {
            ids.add(d.path("id").asText());
        }
        return ids;
    }

    /** Every {@code --long-option} picocli's help lists, in the option list (lines that start with options). */
    static List<String> longOptions(String help) {
        List<String> options = new ArrayList<>();
        Matcher m = Pattern.compile("^\\s+(?:-\\w, )?(--[a-z][a-z0-9-]*)", Pattern.MULTILINE).matcher(help);
        while (m.find()) {
            options.add(m.group(1));
        }
        return options;
    }

    private static String projectVersion(Path root) throws IOException {
        Matcher m = Pattern.compile("<artifactId>hopsniff-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        return m.find() ? m.group(1) : "?";
    }
}
