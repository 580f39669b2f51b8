package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real processes on loopback for live tests: uvicorn serving the dashboard replica, and hopsniff itself. */
final class LoopbackServices {

    private LoopbackServices() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** uvicorn (Debian's python3-uvicorn) with the dashboard replica of scripts/record.d/app.py on 127.0.0.1. */
    static Process uvicorn(int port, String... extra) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assertThat(python).as("Debian's python3 (scripts/install-deps --test installs it)").exists();
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", "uvicorn", "--app-dir",
                RepoPaths.root().resolve("scripts/record.d").toString(), "app:app", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--no-proxy-headers"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("uvicorn", ".log").toFile()).start();
        waitForPort(port, p);
        return p;
    }

    static void waitForPort(int port, Process p) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            assertThat(p.isAlive()).as("server process still running").isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nothing listens on 127.0.0.1:" + port);
    }

    /** hopsniff as its own process (signals need one), on the test classpath. */
    static final class Hopsniff {
        final Process process;
        final Path stderr;
        final Path stdout;

        Hopsniff(Path dir, String... args) throws IOException {
            this(dir, List.of(), args);
        }

        Hopsniff(Path dir, List<String> prefix, String... args) throws IOException {
            this(System.getProperty("java.class.path"), dir, prefix, args);
        }

        Hopsniff(String classpath, Path dir, List<String> prefix, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, Main.class.getName()));
            cmd.addAll(List.of(args));
            stderr = Files.createTempFile(dir, "hopsniff", ".err");
            stdout = Files.createTempFile(dir, "hopsniff", ".out");
            process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).redirectOutput(stdout.toFile()).start();
        }

        /** Waits for the start-up line that says the device is open. */
        void awaitCapturing() throws IOException, InterruptedException {
            awaitStartLine();
            Thread.sleep(500); // the handle is open once the line is out; give the loop a moment
        }

        /** Returns as soon as the start line is out, as a script watching stderr would. */
        void awaitStartLine() throws IOException, InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                if (Files.readString(stderr).contains("capturing on")) {
                    return;
                }
                assertThat(process.isAlive()).as("hopsniff still running: " + Files.readString(stderr)).isTrue();
                Thread.sleep(50);
            }
            throw new AssertionError("hopsniff did not start capturing: " + Files.readString(stderr));
        }

        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            assertThat(kill.waitFor()).isZero();
        }

        int waitFor() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("hopsniff did not exit");
            }
            return process.exitValue();
        }

        String err() throws IOException {
            return Files.readString(stderr);
        }

        String out() throws IOException {
            return Files.readString(stdout);
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        p.waitFor(120, TimeUnit.SECONDS);
        return out;
    }
}
