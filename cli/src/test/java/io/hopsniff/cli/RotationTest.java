package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.WorldReadableClasspath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capture --write-pcap} with rotation, live on loopback (issue #14, "Long captures"): the documented names
 * (docs/long-captures.md), mode 0600, each file read by tshark on its own, and together every packet: the oracles
 * are curl's request list, tshark's reading of our files and tcpdump's own capture of the same traffic.
 */
class RotationTest {

    @RegisterExtension
    static final LiveServer SERVER = new LiveServer();


    @TempDir
    Path tmp;

    private String filter() {
        return "tcp and host 127.0.0.1 and port " + SERVER.port();
    }

    /** {@code count} requests {@code GET /api/status?n=FROM+i} on one keep-alive connection that curl closes. */
    private List<String> requests(int from, int count) throws Exception {
        List<String> uris = IntStream.range(from, from + count).mapToObj(i -> "/api/status?n=" + i).toList();
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--http1.1", "--fail"));
        uris.forEach(u -> cmd.add("http://127.0.0.1:" + SERVER.port() + u));
        Process curl = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).isZero();
        return uris;
    }

    /** The names in {@code dir} that start with {@code stem}, sorted. */
    private static List<String> names(Path dir, String stem) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(stem)).sorted().toList();
        }
    }

    /** tshark's packet count: it must read the file on its own, exit 0. */
    private static long tsharkPackets(Path f) throws Exception {
        Process p = new ProcessBuilder("tshark", "-r", f.toString(), "-T", "fields", "-e", "frame.number")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long n = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).count();
        assertThat(p.waitFor()).as("tshark -r " + f).isZero();
        return n;
    }

    /** The request targets tshark finds in the file, HTTP decoded on our port. */
    private List<String> tsharkUris(Path f) throws Exception {
        return LoopbackServices.run("tshark", "-r", f.toString(), "-d", "tcp.port==" + SERVER.port() + ",http", "-Y",
                "http.request", "-T", "fields", "-e", "http.request.uri").lines()
                .filter(l -> l.startsWith("/")).toList();
    }

    private static String mode(Path f) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<String> expectedNames(String stem, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> String.format("%s-%04d.pcap", stem, i)).toList();
    }

    /**
     * By size: every file but the last holds at least the size (it is closed only then), the numbers run from
     * 0001 without a gap, and the files hold, between them, each request once and as many packets as tcpdump saw.
     */
    @Test
    void bySizeTheFilesTogetherHoldEveryPacket() throws Exception {
        Path reference = tmp.resolve("tcpdump.pcap");
        Path tcpdumpErr = tmp.resolve("tcpdump.err");
        // -B 65536 (KiB): tcpdump's default 2 MiB ring holds a few 256 KiB frames on lo and drops in bursts.
        // --immediate-mode: else the packets of the last second wait in a kernel block that SIGINT leaves unread.
        Process tcpdump = new ProcessBuilder("tcpdump", "-i", "lo", "-B", "65536", "--immediate-mode", "-U", "-w",
                reference.toString(), filter())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(tcpdumpErr.toFile()).start();
        // tcpdump says "listening on lo" once its handle is active: before that it would miss the first packets
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(tcpdumpErr).contains("listening on") && System.nanoTime() < until) {
            assertThat(tcpdump.isAlive()).as("tcpdump running").isTrue();
            Thread.sleep(50);
        }
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "--write-pcap", tmp.resolve("size.pcap").toString(), "--rotate-size", "20k",
                "-o", tmp.resolve("r.json").toString(), "-q");
        h.awaitCapturing();
        List<String> sent = requests(0, 150);
        Thread.sleep(500);
        h.signal("TERM");
        assertThat(h.waitFor()).as(h.err()).isZero();
        new ProcessBuilder("kill", "-INT", Long.toString(tcpdump.pid())).start().waitFor();
        assertThat(tcpdump.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(tcpdumpErr)).as("tcpdump's reference is whole").contains("\n0 packets dropped by kernel");
        assertThat(h.err()).contains(", 0 dropped by the kernel");

        List<String> files = names(tmp, "size");
        assertThat(files.size()).as("150 requests make well over 60 KiB").isGreaterThanOrEqualTo(3);
        assertThat(files).containsExactlyElementsOf(expectedNames("size", 1, files.size()));
        long packets = 0;
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = tmp.resolve(files.get(i));
            assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
            long n = tsharkPackets(f);
            assertThat(n).as(f.toString()).isPositive();
            packets += n;
            uris.addAll(tsharkUris(f));
            if (i < files.size() - 1) {
                assertThat(Files.size(f)).as(f.toString()).isGreaterThanOrEqualTo(20 * 1024);
            }
        }
        assertThat(uris).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(packets).isEqualTo(tsharkPackets(reference));
        assertThat(h.err()).contains("packets written to " + tmp.resolve("size-0001.pcap") + " ... "
                + tmp.resolve(files.get(files.size() - 1)) + " (" + files.size() + " files)");
    }

    /**
     * By time, with a ring of three: requests every 200 ms for about 4 s cross at least four 1 s boundaries; only
     * the newest three files are left, numbered on from the removed ones, and they hold the latest requests, each
     * once, up to the last one sent.
     */
    @Test
    void byTimeTheRingKeepsTheNewestThreeFiles() throws Exception {
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(tmp, "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "--write-pcap", tmp.resolve("time.pcap").toString(), "--rotate-every", "1s",
                "--rotate-files", "3", "-o", tmp.resolve("r.json").toString(), "-q");
        h.awaitCapturing();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.addAll(requests(i, 1));
            Thread.sleep(200);
        }
        h.signal("TERM");
        assertThat(h.waitFor()).as(h.err()).isZero();

        List<String> files = names(tmp, "time");
        assertThat(files).hasSize(3);
        int last = Integer.parseInt(files.get(2).substring("time-".length(), "time-".length() + 4));
        assertThat(last).as("at least four 1 s intervals had packets").isGreaterThanOrEqualTo(4);
        assertThat(files).containsExactlyElementsOf(expectedNames("time", last - 2, last));
        List<String> uris = new ArrayList<>();
        for (String name : files) {
            Path f = tmp.resolve(name);
            assertThat(mode(f)).isEqualTo("rw-------");
            assertThat(tsharkPackets(f)).as(name).isPositive();
            uris.addAll(tsharkUris(f));
        }
        assertThat(uris).isNotEmpty().doesNotHaveDuplicates();
        assertThat(sent).endsWith(uris.toArray(String[]::new)); // the newest files: a tail of what was sent
        assertThat(h.err()).contains("(3 files, the oldest " + (last - 3) + " removed)");
    }

    /**
     * With --user, every rotated file is created as that user (tcpdump -Z): a directory it cannot write is exit 4
     * with one line, one it can write gets files it owns, and the ring removes them.
     */
    @Test
    void withUserTheFilesAreTheUsersAndTheDirectoryMustBeWritableByIt() throws Exception {
        Path closed = Files.createDirectory(tmp.resolve("root-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // nobody must read the classes after the drop: a copy it can read (the clone may sit in a 0700 directory)
        String classpath = WorldReadableClasspath.shared();
        LoopbackServices.Hopsniff refused = new LoopbackServices.Hopsniff(classpath, tmp, List.of(), "capture", "-i", "lo", "--server",
                "127.0.0.1:" + SERVER.port(), "--user", "nobody", "--duration", "5s", "--write-pcap",
                closed.resolve("u.pcap").toString(), "--rotate-size", "20k", "-q");
        assertThat(refused.waitFor()).as(refused.err()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(refused.err()).contains("cannot write " + closed.resolve("u-0001.pcap") + " as nobody")
                .doesNotContain("Exception");
        assertThat(names(closed, "u")).isEmpty();

        Path open = Files.createDirectory(tmp.resolve("open"));
        // like /tmp: world-writable and sticky, so only a file's owner may remove it (Java cannot set the bit)
        assertThat(new ProcessBuilder("chmod", "1777", open.toString()).start().waitFor()).isZero();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        LoopbackServices.Hopsniff h = new LoopbackServices.Hopsniff(classpath, tmp, List.of(), "capture", "-i", "lo",
                "--server", "127.0.0.1:" + SERVER.port(), "--user", "nobody", "--write-pcap", open.resolve("u.pcap").toString(),
                "--rotate-size", "20k", "--rotate-files", "2", "-q");
        h.awaitCapturing();
        List<String> sent = requests(1000, 150);
        Thread.sleep(500);
        h.signal("TERM");
        assertThat(h.waitFor()).as(h.err()).isZero();
        List<String> files = names(open, "u");
        assertThat(files).hasSize(2);
        for (String name : files) {
            assertThat(Files.getAttribute(open.resolve(name), "unix:uid")).as(name).isEqualTo(65534);
            assertThat(mode(open.resolve(name))).isEqualTo("rw-------");
        }
        assertThat(files.get(0)).isNotEqualTo("u-0001.pcap"); // the sticky directory did not keep the first
        assertThat(h.err()).doesNotContain("could not remove");
        assertThat(sent).isNotEmpty();
    }

    @Test
    void rotationOptionsNeedWhatTheyRotate() throws Exception {
        CliRun noFile = CliRun.run("capture", "-i", "lo", "--rotate-size", "1m", "--duration", "1s", "-q");
        assertThat(noFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err()).contains("--write-pcap");
        CliRun ringAlone = CliRun.run("capture", "-i", "lo", "--write-pcap", tmp.resolve("x.pcap").toString(),
                "--rotate-files", "3", "--duration", "1s", "-q");
        assertThat(ringAlone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ringAlone.err()).contains("--rotate-size or --rotate-every");
        CliRun reportEveryToStdout = CliRun.run("capture", "-i", "lo", "--report-every", "1s", "--duration", "1s");
        assertThat(reportEveryToStdout.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(reportEveryToStdout.err()).contains("-o FILE");
        assertThat(names(tmp, "x")).isEmpty();
    }
}
