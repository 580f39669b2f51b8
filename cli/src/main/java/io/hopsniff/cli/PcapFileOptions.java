package io.hopsniff.cli;

import io.hopsniff.capture.live.LivePcapWriter;
import io.hopsniff.capture.live.PcapSink;
import io.hopsniff.capture.live.Rotation;
import io.hopsniff.capture.live.RotatingPcapWriter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code capture}'s packet file: {@code --write-pcap} and its rotation (tcpdump's -w, -C, -G and -W). */
final class PcapFileOptions {

    @Option(names = "--write-pcap", paramLabel = "FILE",
            description = "Also write every captured packet to FILE (pcap, nanosecond timestamps), like tcpdump -w.")
    Path writePcap;

    @Option(names = "--rotate-size", paramLabel = "SIZE", converter = Sizes.class,
            description = "With --write-pcap: start the next file once the current one holds SIZE (100m), like "
                    + "tcpdump -C. Files are then named FILE-0001.pcap, FILE-0002.pcap, ... (docs/long-captures.md).")
    Long rotateSize;

    @Option(names = "--rotate-every", paramLabel = "TIME", converter = Durations.class,
            description = "With --write-pcap: start the next file every TIME (1h, 30s) from the start, like tcpdump -G; "
                    + "an idle link still closes the file on time.")
    Duration rotateEvery;

    @Option(names = "--rotate-files", paramLabel = "N",
            description = "With --rotate-size or --rotate-every: keep at most N files, removing the oldest (like "
                    + "tcpdump -W, but the numbers keep growing, so the names sort in time order; a new run continues "
                    + "the series it finds, and the ring counts its files).")
    Integer rotateFiles;

    /** The rotation asked for; IllegalArgumentException (a usage error) when the options do not go together. */
    Rotation rotation() {
        boolean any = rotateSize != null || rotateEvery != null || rotateFiles != null;
        if (any && writePcap == null) {
            throw new IllegalArgumentException("--rotate-size, --rotate-every and --rotate-files rotate the "
                    + "--write-pcap file: give --write-pcap FILE");
        }
        if (rotateFiles != null && rotateFiles < 1) {
            throw new IllegalArgumentException("--rotate-files must be at least 1");
        }
        if (rotateFiles != null && rotateSize == null && rotateEvery == null) {
            throw new IllegalArgumentException("--rotate-files needs --rotate-size or --rotate-every to rotate at");
        }
        return new Rotation(rotateSize == null ? 0 : rotateSize, rotateEvery == null ? 0 : rotateEvery.toNanos(),
                rotateFiles == null ? 0 : rotateFiles);
    }

    /** The first file this run writes: FILE itself, or FILE-0001 when rotating. */
    Path firstFile() {
        return rotation().enabled() ? Rotation.fileName(writePcap, 1) : writePcap;
    }

    /** Opens the file (the first of the series); exit 4 with the reason when it cannot be written. */
    PcapSink open(int linkType, int snaplen) {
        Rotation rotation = rotation();
        try {
            return rotation.enabled()
                    ? RotatingPcapWriter.open(writePcap, linkType, snaplen, rotation, System.currentTimeMillis() * 1_000_000L)
                    : LivePcapWriter.open(writePcap, linkType, snaplen);
        } catch (IOException e) {
            // the JDK's message for a missing directory is just the path: say the reason
            // the series may continue past 0001: name the file that was tried
            Path tried = e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : firstFile();
            throw new CliError(ExitCodes.OUTPUT_ERROR, "cannot write " + tried + ": "
                    + (e instanceof NoSuchFileException ? "no such directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage()));
        }
    }

    /** The end-of-capture line: which files hold the packets. */
    static String written(PcapSink sink) {
        if (!(sink instanceof RotatingPcapWriter series)) {
            return "packets written to " + sink.path();
        }
        List<Path> files = series.files();
        if (files.isEmpty()) {
            return "no packet file was kept";
        }
        String names = files.size() == 1 ? files.get(0).toString()
                : files.get(0) + " ... " + files.get(files.size() - 1);
        String removed = series.removed() == 0 ? "" : ", the oldest " + series.removed() + " removed";
        StringBuilder line = new StringBuilder("packets written to " + names + " (" + files.size()
                + (files.size() == 1 ? " file" : " files") + removed + ")");
        for (String left : series.notRemoved()) {
            line.append(System.lineSeparator()).append("hopsniff: warning: could not remove ").append(left);
        }
        return line.toString();
    }
}
