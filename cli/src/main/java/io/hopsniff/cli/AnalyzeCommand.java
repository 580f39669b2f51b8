package io.hopsniff.cli;

import io.hopsniff.capture.CaptureFormatException;
import io.hopsniff.capture.FileSummary;
import io.hopsniff.capture.LinkType;
import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.HandOffListener;
import io.hopsniff.decoder.tcp.TrackerStats;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.json.InputJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hopsniff analyze FILE…}: offline analysis of pcap/pcapng files. */
@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Reconstructs every HTTP exchange in pcap/pcapng files and reports it.",
            "Example: hopsniff analyze incident.pcap --server 192.168.2.22:12656 -o report.json"})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "pcap or pcapng files (gzip-compressed ones too, told by their magic number), analysed as one capture, in order; - is standard input, a FIFO or /dev/stdin is read as a stream.")
    List<Path> files;

    @Mixin
    PipelineOptions options;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads that analyse: 1 decodes and reports on one; 2 reports on a second thread beside the decoding (a larger N uses 2); 0, the default, is 2 on a machine with 2 or more cores. The report is the same whatever N.")
    int threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PipelineSetup setup;
        try {
            setup = options.setup();
            options.output.targets();
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
        if (threads < 0) {
            throw new CliError(ExitCodes.USAGE, "--threads must be 0 (as many as help) or more, not " + threads);
        }
        int exit = ExitCodes.OK;
        // The report beside the decoding when a second core can take it (docs/benchmarks.md measures it).
        try (ReportCollector collector = setup.collector();
             HandOffListener handOff = reportThreads() > 1 ? new HandOffListener(collector) : null;
             Analyzer analyzer = new Analyzer(setup.decoder(), handOff == null ? collector : handOff)
                    .failFast(options.output.debug)) {
            List<InputJson.FileJson> read = new ArrayList<>();
            List<String> names = new ArrayList<>();
            ProgressBar progress = ProgressBar.startIfTerminal(err, totalBytes(files), options.output.quiet, System.getenv(),
                    System.console() != null);
            for (Path file : files) {
                names.add(file.toString());
                if (!options.output.quiet && isFifo(file)) {
                    // Opening a FIFO blocks until something opens it for writing: say why nothing happens.
                    err.println("hopsniff: " + file + " is a FIFO: waiting for a writer (e.g. tcpdump -w " + file + ")");
                    err.flush();
                }
                try {
                    // "-" is standard input (tcpdump -w - ... | hopsniff analyze -), read as a stream
                    Path source = file.toString().equals("-") ? Path.of("/dev/stdin") : file;
                    FileSummary s = CaptureFiles.read(source, progress == null ? analyzer : progress.counting(analyzer));
                    read.add(fileJson(s));
                    if (s.truncated()) {
                        err.println("hopsniff: warning: " + file + " is truncated (ends inside a record); "
                                + "reporting the " + s.packets() + " packets before the cut");
                        exit = ExitCodes.BAD_INPUT;
                    } else if (s.corrupt()) {
                        err.println("hopsniff: warning: " + file + " is corrupt after " + s.packets() + " packets "
                                + "(a record that cannot be framed); reporting the packets before it");
                        exit = ExitCodes.BAD_INPUT;
                    }
                } catch (CaptureFormatException e) {
                    err.println("hopsniff: " + file + ": " + e.getMessage());
                    exit = ExitCodes.BAD_INPUT;
                } catch (NoSuchFileException e) {
                    err.println("hopsniff: " + file + ": no such file");
                    exit = ExitCodes.BAD_INPUT;
                } catch (AccessDeniedException e) {
                    err.println("hopsniff: " + file + ": permission denied");
                    exit = ExitCodes.BAD_INPUT;
                } catch (IOException e) {
                    err.println("hopsniff: " + file + ": " + (Files.isDirectory(file) ? "is a directory" : e.getMessage()));
                    exit = ExitCodes.BAD_INPUT;
                }
            }
            if (progress != null) {
                progress.clear();
            }
            if (read.isEmpty()) {
                return exit;
            }
            analyzer.finish();
            if (handOff != null) {
                handOff.drain();
            }
            collector.tcpLimitHits(analyzer.stats());
            hintWhenAllFiltered(analyzer, err);
            int written = ReportOutput.write(options.output, collector, new InputJson(read, packets(analyzer.stats())),
                    null, names, out, err);
            written = DecoderBugs.check(analyzer, written, err);
            return written != ExitCodes.OK ? written : exit;
        }
    }

    /** The threads the run uses: --threads, or 2 when the machine has a second core; the split uses at most 2. */
    private int reportThreads() {
        return Math.min(2, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
    }

    /**
     * Nothing matched --server but the capture held TCP: say so, and which servers it did hold (the README's own
     * example once printed "0 connection(s)" for a capture of 127.0.0.1).
     */
    private void hintWhenAllFiltered(Analyzer analyzer, PrintWriter err) {
        var stats = analyzer.stats();
        if (stats.filteredOut() == 0 || stats.connectionsTotal() > 0) {
            return;
        }
        StringBuilder seen = new StringBuilder();
        for (var e : analyzer.filteredServers()) {
            seen.append(seen.length() == 0 ? "" : ", ").append(e.getKey()).append(" (").append(e.getValue())
                    .append(e.getValue() == 1 ? " packet)" : " packets)");
        }
        err.println("hopsniff: no TCP packet matched --server " + String.join(" ", options.decoder.servers) + "; "
                + stats.filteredOut() + " did not; servers seen: " + seen + " (pass one of them to --server, or drop it)");
    }

    /** The file type bits of st_mode, and the value for a FIFO (POSIX sys/stat.h). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private static boolean isFifo(Path file) {
        try {
            return Files.getAttribute(file, "unix:mode") instanceof Integer mode && (mode & S_IFMT) == S_IFIFO;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static long totalBytes(List<Path> files) {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                // Reported when the file is read.
            }
        }
        return total;
    }

    private static InputJson.FileJson fileJson(FileSummary s) {
        List<String> links = new ArrayList<>();
        for (int t : s.linkTypes()) {
            links.add(LinkType.name(t));
        }
        return new InputJson.FileJson(s.path(), s.format(), links, s.packets(), s.bytes(), s.fileBytes(), s.truncated());
    }

    static InputJson.PacketsJson packets(TrackerStats t) {
        long tcp = Math.max(0, t.packets() - t.linkTypeUnsupported() - t.nonIp() - t.nonTcp() - t.malformed()
                - t.ipFragments());
        return new InputJson.PacketsJson(t.packets(), t.bytes(), tcp, t.filteredOut(), t.nonIp(),
                t.nonTcp(), t.ipFragments(), t.linkTypeUnsupported(), t.malformed());
    }
}
