package io.hopsniff.cli;

import io.hopsniff.capture.live.CaptureException;
import io.hopsniff.capture.live.CaptureThread;
import io.hopsniff.capture.live.HandoffLimits;
import io.hopsniff.capture.live.HandoffStats;
import io.hopsniff.capture.live.LiveCaptureConfig;
import io.hopsniff.capture.live.LiveStats;
import io.hopsniff.capture.live.PcapLiveSource;
import io.hopsniff.capture.live.PcapSink;
import io.hopsniff.capture.live.PrivilegeDrop;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.json.TimeJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hopsniff capture}: live capture on this host through libpcap, analysed as it arrives, with the same
 * pipeline and report as {@code analyze}.
 */
@Command(name = "capture", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Captures the proxy-to-backend traffic live and reports every exchange.",
            "Stops on --duration, --count, Ctrl-C or SIGTERM, then writes the report and exits 0.",
            "Example: hopsniff capture --duration 60s -o report.json --write-pcap incident.pcap"})
final class CaptureCommand implements Callable<Integer> {

    /** The dashboard's backend. */
    static final String DEFAULT_SERVER = "192.168.2.22:12656";

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", defaultValue = "any",
            description = "Interface to capture on (default: ${DEFAULT-VALUE}: a proxy on this host that dials the host's "
                    + "own address talks over lo, not the interface that owns the address).")
    String interfaceName;

    @Option(names = "--filter", paramLabel = "BPF", description = "Capture filter; replaces the one built from --server.")
    String filter;

    @Option(names = "--duration", paramLabel = "TIME", converter = Durations.class,
            description = "Stop after this long (30s, 5m, 1h).")
    Duration duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N packets.")
    long count;

    @Mixin
    PcapFileOptions pcapFiles;

    @Option(names = "--user", paramLabel = "USER",
            description = "Drop root to USER once the device and the --write-pcap file are open (like tcpdump -Z); "
                    + "with rotation every pcap file is created as USER, in a directory USER can write.")
    String user;

    @Option(names = "--report-every", paramLabel = "TIME", converter = Durations.class,
            description = "Rewrite the -o report files (atomically) every TIME (5m) with everything so far, so a crash "
                    + "loses at most one interval; the report at the stop is the full one. Needs -o FILE.")
    Duration reportEvery;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "262144",
            description = "Bytes kept of each packet (default: ${DEFAULT-VALUE}, whole packets).")
    int snaplen;

    @Option(names = "--buffer-size", paramLabel = "SIZE", converter = Sizes.class, defaultValue = "128m",
            description = "Kernel capture buffer (default: ${DEFAULT-VALUE}; measured: 2 MiB loses packets in bursts, 64 MiB on a loaded 2-core host).")
    long bufferSize;

    @Option(names = "--immediate", description = "Deliver each packet at once (libpcap immediate mode). Off by default: "
            + "on lo it shrinks the ring to ~1000 packets and loses bursts (docs/benchmarks.md).")
    boolean immediate;

    @Mixin
    PipelineOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (options.decoder.servers.isEmpty()) {
            options.decoder.servers.add(DEFAULT_SERVER);
        }
        PipelineSetup setup;
        String bpf;
        try {
            setup = options.setup();
            bpf = filter != null ? filter : CaptureFilters.forServers(options.legs.withFronts(options.decoder.servers));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
        if (bufferSize > Integer.MAX_VALUE || snaplen <= 0) {
            throw new CliError(ExitCodes.USAGE, "--buffer-size must be below 2 GiB and --snaplen positive");
        }
        List<OutputOptions.Target> targets;
        try {
            targets = options.output.targets();
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
        try {
            pcapFiles.rotation();
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
        if (reportEvery != null && targets.stream().allMatch(t -> t.file() == null)) {
            throw new CliError(ExitCodes.USAGE, "--report-every rewrites the report files: give at least one -o FILE");
        }
        // With --user the report is written as USER and checked right after the drop: root's answer here says
        // nothing about USER's, and root may not pass it at all (a service without CAP_DAC_OVERRIDE, writing into
        // a directory of USER's with mode 0750).
        for (OutputOptions.Target t : user != null ? List.<OutputOptions.Target>of() : targets) {
            if (t.file() != null && !writableDirectory(t.file())) {
                throw new CliError(ExitCodes.OUTPUT_ERROR, "cannot write " + t.file() + ": directory missing or not writable");
            }
        }
        LiveCaptureConfig live = LiveCaptureConfig.defaults().withInterface(interfaceName).withFilter(bpf)
                .withSnaplen(snaplen).withBufferBytes((int) bufferSize).withImmediate(immediate)
                .withPacketLimit(Math.max(0, count));
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<CaptureThread> running = new java.util.concurrent.atomic.AtomicReference<>();
        Signals.install(stop, running);
        try (PcapLiveSource source = PcapLiveSource.open(live)) {
            // Said once the device is open: from this line on, packets are being captured (scripts wait for it)
            err.printf("hopsniff: capturing on %s with filter '%s' (snaplen %d, buffer %d MiB)%s; Ctrl-C stops%n",
                    interfaceName, bpf, snaplen, bufferSize >> 20,
                    duration == null ? "" : " for " + duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
            if (filter == null) {
                for (String host : CaptureFilters.nonLocalHosts(options.legs.withFronts(options.decoder.servers))) {
                    err.println("hopsniff: warning: " + host + " is not an address of this host: only traffic crossing "
                            + "this host's interfaces to or from it will be seen");
                }
                for (String host : CaptureFilters.seesLoopback(interfaceName) ? List.<String>of()
                        : CaptureFilters.localHosts(options.legs.withFronts(options.decoder.servers))) {
                    err.println("hopsniff: warning: " + host + " is an address of this host: connections to it from this "
                            + "host (a local Caddy) go over lo, which " + interfaceName + " does not see; use -i any (or -i lo)");
                }
            }
            return run(source, setup, bpf, out, err, stop, running);
        } catch (CaptureException e) {
            err.println("hopsniff: " + e.getMessage());
            return exitCode(e);
        }
    }

    private int run(PcapLiveSource source, PipelineSetup setup, String bpf, PrintWriter out,
                    PrintWriter err, AtomicBoolean stop,
                    java.util.concurrent.atomic.AtomicReference<CaptureThread> running)
            throws CaptureException {
        // With rotation and --user, every file is created after the drop (as tcpdump -Z does): all of the run's
        // files are then USER's, so the ring can remove the first one even in a sticky directory such as /tmp.
        boolean pcapAsUser = user != null && pcapFiles.rotation().enabled();
        PcapSink pcap = pcapFiles.writePcap != null && !pcapAsUser ? pcapFiles.open(source.linkType(), source.snaplen())
                : null;
        String runAs = System.getProperty("user.name");
        if (user != null) {
            // Load the report's classes while root can still read the jars (an unprivileged user may not).
            ReportOutput.warmUp();
            runAs = PrivilegeDrop.dropTo(user).user();
            java.util.Optional<Path> unwritable = options.output.targets().stream().map(OutputOptions.Target::file)
                    .filter(f -> f != null && !writableDirectory(f)).findFirst();
            if (unwritable.isPresent()) {
                closeQuietly(pcap);
                throw new CliError(ExitCodes.OUTPUT_ERROR, "cannot write " + unwritable.get() + " as " + user
                        + ": give the report a directory that user can write");
            }
            if (pcapAsUser) {
                if (!writableDirectory(pcapFiles.firstFile())) {
                    throw new CliError(ExitCodes.OUTPUT_ERROR, "cannot write " + pcapFiles.firstFile() + " as " + user
                            + ": the pcap files are created as that user: give --write-pcap a directory it can write");
                }
                pcap = pcapFiles.open(source.linkType(), source.snaplen());
            }
        }
        hostName = hostname(); // before the capture: the analysis thread must never wait for a resolver
        try (ReportCollector collector = setup.collector()) {
            io.hopsniff.report.render.OutputFormat toStdout = options.output.stdoutFormat();
            boolean ndjsonLive = toStdout == io.hopsniff.report.render.OutputFormat.ndjson;
            boolean lines = !options.output.quiet && (toStdout == null || toStdout == io.hopsniff.report.render.OutputFormat.text);
            Analyzer analyzer = new Analyzer(setup.decoder(), ndjsonLive
                    ? new io.hopsniff.report.render.NdjsonLive(collector, out, collector.records(), !options.decoder.servers.isEmpty())
                    : new LiveLines(collector, out, collector.redactor(), !lines)).failFast(options.output.debug);
            long started = System.currentTimeMillis() * 1_000_000L;
            String runAsUser = runAs;
            try (CaptureThread capture = CaptureThread.start(source, pcap, HandoffLimits.defaults())) {
                running.set(capture);
                StatusLine status = StatusLine.startIfTerminal(err, capture, options.output.quiet);
                long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                InterimReports interim = InterimReports.every(reportEvery, err, () -> ReportOutput.writeInterim(
                        options.output, collector, new InputJson(List.of(), AnalyzeCommand.packets(analyzer.stats())),
                        liveJson(source, bpf, started, 0, capture.libpcapStats(), capture.handoffStats().dropped(), runAsUser),
                        analyzer.stats()));
                // The stop predicate is polled on this, the analysis thread, between packets (at least every 10 ms):
                // the interim report reads the collector here, never concurrently with the analysis.
                HandoffStats handoff = capture.drainTo(analyzer, () -> {
                    interim.poll();
                    return stop.get() || System.nanoTime() >= deadline;
                });
                capture.stop();
                status.stop();
                LiveStats stats = capture.libpcapStats();
                analyzer.finish();
                long stopped = System.currentTimeMillis() * 1_000_000L;
                CaptureJson.LiveJson liveJson = liveJson(source, bpf, started, stopped, stats, handoff.dropped(), runAsUser);
                InputJson input = new InputJson(List.of(), AnalyzeCommand.packets(analyzer.stats()));
                List<String> names = new ArrayList<>(List.of("live capture on " + interfaceName));
                collector.tcpLimitHits(analyzer.stats());
                int written = ReportOutput.write(options.output, collector, input, liveJson, names, out, err, ndjsonLive);
                if (pcap != null) {
                    if (capture.pcapFailure() != null) {
                        err.println("hopsniff: " + capture.pcapFailure()
                                + " (the analysis went on; the file holds whole records up to there)");
                    }
                    if (capture.pcapFailure() == null || pcapFiles.rotation().enabled()) {
                        err.println("hopsniff: " + PcapFileOptions.written(pcap));
                    }
                }
                err.printf("hopsniff: %d packets received by libpcap, %d dropped by the kernel, %d by the interface, "
                        + "%d by hopsniff%n", stats.received(), stats.droppedByKernel(), stats.droppedByInterface(),
                        handoff.dropped());
                return DecoderBugs.check(analyzer, written, err);
            }
        }
    }

    /** The host's name, looked up once before the capture: a slow resolver must not stall the analysis thread. */
    private String hostName;

    /** The report's capture.live section; {@code stopped} 0 is a report written while the capture runs. */
    private CaptureJson.LiveJson liveJson(PcapLiveSource source, String bpf, long started, long stopped, LiveStats stats,
                                          long droppedByHopsniff, String runAs) {
        return new CaptureJson.LiveJson(interfaceName, bpf, source.snaplen(), TimeJson.of(started),
                TimeJson.of(stopped), libpcapVersion(), stats.received(), stats.droppedByKernel(),
                stats.droppedByInterface(), droppedByHopsniff, hostName, runAs, stopped == 0 ? Boolean.TRUE : null);
    }

    private static String libpcapVersion() {
        try {
            return PcapLiveSource.libpcapVersion();
        } catch (CaptureException e) {
            return "unknown";
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean writableDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir != null && Files.isDirectory(dir) && Files.isWritable(dir)
                && (!Files.exists(file) || Files.isWritable(file) || !Files.isRegularFile(file));
    }

    private static void closeQuietly(PcapSink w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // Already reporting a failure; the pcap's last buffer is the least of it.
            }
        }
    }

    static int exitCode(CaptureException e) {
        return switch (e.kind()) {
            case PERMISSION, USER_SWITCH_FAILED -> ExitCodes.CAPTURE_PERMISSION;
            case NO_SUCH_INTERFACE, INTERFACE_DOWN -> ExitCodes.CAPTURE_INTERFACE;
            case BAD_FILTER -> ExitCodes.CAPTURE_FILTER;
            case LIBPCAP_MISSING -> ExitCodes.LIBPCAP_MISSING;
            default -> ExitCodes.INTERNAL_ERROR;
        };
    }

    /** Counts signals so a second Ctrl-C can leave at once. */
}
