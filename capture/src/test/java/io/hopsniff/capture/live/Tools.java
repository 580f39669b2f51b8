package io.hopsniff.capture.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Wireshark's command-line tools as independent readers of what we write. */
final class Tools {

    private Tools() {
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        // stderr apart: tshark warns "Running as user root" there, which is not data
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " hung");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** {@code capinfos -c -M}: "Number of packets:   5". */
    static long capinfosPacketCount(Path f) throws IOException, InterruptedException {
        String out = run(List.of("/usr/bin/capinfos", "-c", "-M", f.toString()));
        for (String line : out.split("\n")) {
            if (line.startsWith("Number of packets:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new IllegalStateException("no packet count in: " + out);
    }
}
