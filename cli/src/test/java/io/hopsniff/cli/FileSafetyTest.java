package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hopsniff.testkit.RepoPaths;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files as a root tool must write them: -o into a FIFO or a device is refused (no hang, nothing written through),
 * -o onto a planted symbolic link replaces the link and leaves its target alone, a closed or full stdout is exit 4
 * with a reason, and a killed analysis leaves no spool in the temporary directory.
 */
class FileSafetyTest {

    private static final String SAMPLE = RepoPaths.samples().resolve("caddy-ws-ok.pcap").toString();

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void aFifoOrADeviceIsRefusedNotWrittenThrough() throws Exception {
        Path fifo = tmp.resolve("report.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        CliRun run = CliRun.run("analyze", SAMPLE, "-o", fifo.toString(), "-q");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(run.err().strip().lines()).singleElement().asString().contains("not a regular file");
        Path toDevice = Files.createSymbolicLink(tmp.resolve("dev.json"), Path.of("/dev/null"));
        CliRun dev = CliRun.run("analyze", SAMPLE, "-o", toDevice.toString(), "-q");
        assertThat(dev.exitCode()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(dev.err()).contains("not a regular file");
    }

    @Test
    void aPlantedSymbolicLinkIsReplacedAndItsTargetLeftAlone() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path link = Files.createSymbolicLink(tmp.resolve("report.json"), victim);
        CliRun run = CliRun.run("analyze", SAMPLE, "-o", link.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(link))).isEqualTo("rw-------");
        assertThat(Files.readString(link)).contains("hopsniff.report/1");
    }

    @Test
    @Timeout(120)
    void aFullOrClosedStdoutIsExit4() throws Exception {
        Process full = hopsniff(List.of("analyze", SAMPLE, "--format", "json"), new File("/dev/full"), tmp);
        assertThat(full.waitFor()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(Files.readString(tmp.resolve("err.txt"))).contains("cannot write to stdout");

        ProcessBuilder pb = command(List.of("analyze", SAMPLE, "--format", "json"), tmp);
        pb.redirectError(tmp.resolve("err2.txt").toFile());
        Process closed = pb.start();
        closed.getInputStream().close(); // the reader went away before anything was written
        assertThat(closed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(closed.exitValue()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(Files.readString(tmp.resolve("err2.txt"))).contains("cannot write to stdout");
    }

    @Test
    @Timeout(120)
    void aKilledAnalysisLeavesNoSpoolBehind() throws Exception {
        Path temp = Files.createDirectory(tmp.resolve("tmpdir"));
        List<String> args = new ArrayList<>(List.of("-Djava.io.tmpdir=" + temp, "analyze"));
        Path big = RepoPaths.corpus().resolve("zeek-http-1000-requests-one-dropped-response.pcap");
        for (int i = 0; i < 150; i++) { // far more than can be analysed before the signal comes
            args.add(big.toString());
        }
        args.addAll(List.of("-o", tmp.resolve("r.json").toString(), "-q"));
        for (String signal : List.of("KILL", "TERM")) {
            Process p = hopsniff(args, tmp.resolve("out-" + signal).toFile(), tmp);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // A spool's name exists for the few microseconds between creating it and unlinking it once open: no
            // pure-Java open can avoid that (no O_TMPFILE), so the signal is sent once both spools are past it.
            while (spoolsUnlinked(p) < 2 && p.isAlive() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            assertThat(p.isAlive()).as("still analysing when the signal comes").isTrue();
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
            p.waitFor(30, TimeUnit.SECONDS);
            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left).as("left in java.io.tmpdir after SIG" + signal).isEmpty();
            }
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    /** How many spool files the process holds open whose names are already gone, from /proc. */
    private static long spoolsUnlinked(Process p) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            return fds.filter(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.contains("hopsniff-") && target.endsWith(" (deleted)");
                } catch (Exception e) {
                    return false;
                }
            }).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static Process hopsniff(List<String> args, File stdout, Path dir) throws Exception {
        ProcessBuilder pb = command(args, dir);
        pb.redirectOutput(stdout);
        pb.redirectError(dir.resolve("err.txt").toFile());
        return pb.start();
    }

    private static ProcessBuilder command(List<String> args, Path dir) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        List<String> jvm = args.stream().filter(a -> a.startsWith("-D")).toList();
        cmd.addAll(jvm);
        cmd.add(Main.class.getName());
        cmd.addAll(args.stream().filter(a -> !a.startsWith("-D")).toList());
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }
}
