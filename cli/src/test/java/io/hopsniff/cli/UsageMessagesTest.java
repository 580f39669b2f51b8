package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #14's small things: help that matches behaviour, suggestions, and a reason in every refusal. */
class UsageMessagesTest {

    @TempDir
    Path tmp;

    @Test
    void diffsHelpGivesTheExitCodeItReallyUses() {
        String help = CliRun.run("diff", "--help").out();
        assertThat(help).contains("with --fail-on-new, " + ExitCodes.NEW_ERRORS + " when AFTER")
                .contains("Exit " + ExitCodes.NEW_ERRORS + " when an error diagnosis appeared").doesNotContain("Exit 1 when");
    }

    /** --version names the build (issue #14), however it is asked for, and with or without the subcommands built. */
    @Test
    void versionNamesTheVersionAndTheCommitHoweverItIsAsked() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"analyze", "--version"}}) {
            CliRun run = CliRun.run(args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).as(String.join(" ", args))
                    .startsWith("hopsniff " + VersionProvider.version() + ", commit ").contains("\nJava ");
        }
    }

    @Test
    void aMistypedCommandOrOptionGetsASuggestion() {
        CliRun command = CliRun.run("analyz", "x.pcap");
        assertThat(command.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(command.err()).contains("Did you mean: analyze?");
        CliRun option = CliRun.run("analyze", "x.pcap", "--sever", "10.0.0.1:80");
        assertThat(option.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err()).contains("Did you mean: --server?");
    }

    /**
     * The README's own example on samples/dashboard-incident.pcap: the capture is of 127.0.0.1 (tshark: its 42 frames
     * are all TCP to or from port 12656), so --server 192.168.2.22:12656 matches nothing. Say so, and what was there.
     */
    @Test
    void anEmptyResultSaysWhatWasFilteredOutAndWhichServersWereSeen() {
        Path sample = RepoPaths.samples().resolve("dashboard-incident.pcap");
        CliRun run = CliRun.run("analyze", sample.toString(), "--server", "192.168.2.22:12656");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("no TCP packet matched --server 192.168.2.22:12656; 42 did not; "
                + "servers seen: 127.0.0.1:12656 (42 packets)");
        assertThat(CliRun.run("analyze", sample.toString(), "--server", "127.0.0.1:12656").err())
                .doesNotContain("servers seen");
    }

    @Test
    void aUrlGivenAsServerIsExplained() {
        CliRun run = CliRun.run("analyze", "x.pcap", "--server", "http://192.168.2.22:12656/ws/abc");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("give HOST:PORT without a scheme or path, e.g. --server 192.168.2.22:12656")
                .doesNotContain("IPv6");
    }

    @Test
    void writePcapIntoAMissingDirectorySaysSo() {
        Path missing = tmp.resolve("no-such-dir").resolve("x.pcap");
        CliRun run = CliRun.run("capture", "-i", "lo", "--duration", "1s", "--server", "127.0.0.1:1", "--write-pcap",
                missing.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(run.err()).contains("cannot write " + missing + ": no such directory");
    }

    /**
     * A server on this host seen from an interface other than any/lo: the host's own connections to it (a local
     * Caddy) go over lo. Decided from the host's own addresses and interfaces (loopback is always there), no capture.
     */
    @Test
    void aLocalServerOnAnInterfaceThatCannotSeeItIsWarnedAbout() throws Exception {
        java.util.List<String> servers = java.util.List.of("127.0.0.1:12656", "192.0.2.1:12656", ":8080");
        assertThat(CaptureFilters.localHosts(servers)).containsExactly("127.0.0.1");
        assertThat(CaptureFilters.seesLoopback("any")).isTrue();
        assertThat(CaptureFilters.seesLoopback("lo")).isTrue();
        assertThat(CaptureFilters.seesLoopback("no-such-if0")).isTrue(); // opening it says what is wrong instead
        for (java.net.NetworkInterface ni : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isLoopback()) {
                assertThat(CaptureFilters.seesLoopback(ni.getName())).as(ni.getName()).isFalse();
            }
        }
    }
}
