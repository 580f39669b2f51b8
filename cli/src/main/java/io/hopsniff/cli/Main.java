package io.hopsniff.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code hopsniff COMMAND …}. */
@Command(name = "hopsniff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Shows what a reverse proxy really sends its backend and what the backend really answers.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:analysed (whatever the findings)",
            "1:internal error (a bug: please report it)",
            "2:usage error",
            "3:unreadable, corrupt or truncated input",
            "4:output cannot be written",
            "5:capture not permitted (root / CAP_NET_RAW) or --user failed",
            "6:capture interface unknown or down",
            "7:invalid capture filter",
            "8:libpcap not installed",
            "9:diff --fail-on-new: a new error diagnosis appeared"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code;
        if (args.length > 0 && (args[0].equals("analyze") || args[0].equals("capture"))) {
            // the report's serializers are built while picocli reads its annotations: a tiny capture 475 -> 438 ms
            io.hopsniff.report.SerializerWarmup.start();
        }
        try {
            code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        } catch (OutOfMemoryError e) {
            // picocli hands Errors on: one line and exit 1, never a stack trace (the limits should prevent this)
            System.err.println("hopsniff: internal error: out of memory (" + e.getMessage() + "); no report was"
                    + " written (give java more with HOPSNIFF_JAVA_OPTS, or lower --max-connections, --max-kept-bytes,"
                    + " --body-bytes or --ws-payload-bytes)");
            code = ExitCodes.INTERNAL_ERROR;
        }
        System.exit(code);
    }

    /** The subcommands, by name, in the order help lists them. */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS;

    static {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("analyze", AnalyzeCommand::new);
        m.put("capture", CaptureCommand::new);
        m.put("interfaces", InterfacesCommand::new);
        m.put("explain", ExplainCommand::new);
        m.put("report", ReportCommand::new);
        m.put("diff", DiffCommand::new);
        SUBCOMMANDS = java.util.Collections.unmodifiableMap(m);
    }

    /** Runs a command with injectable streams (tests use this); returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (args.length > 0 && args[0].equals("analyze")) {
            int code = analyze(out, err, java.util.Arrays.copyOfRange(args, 1, args.length));
            if (code != ANNOTATED_MODEL) {
                return code;
            }
        }
        CommandLine cl = commandLine(out, err, args);
        return cl.execute(args);
    }

    /** What the generated model's run answers when the annotated one must run instead (help, a usage error). */
    private static final int ANNOTATED_MODEL = Integer.MIN_VALUE;

    /**
     * {@code analyze ARGS} parsed with its generated model (AnalyzeModel), not by reading its annotations: about 50 ms
     * of every run (measured in docs/benchmarks.md). Help, version and usage errors are left to the annotated model,
     * which has the descriptions and says exactly what picocli always said.
     */
    private static int analyze(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cl = new CommandLine(AnalyzeModel.of(new AnalyzeCommand()));
        handlers(cl, out, err);
        cl.setParameterExceptionHandler((ex, badArgs) -> ANNOTATED_MODEL);
        cl.setExecutionStrategy(parsed -> parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()
                ? ANNOTATED_MODEL : new CommandLine.RunLast().execute(parsed));
        return cl.execute(args);
    }

    /**
     * Every command and no {@code help}: what the package's man pages and shell completion are generated from, so
     * they never drift from {@code --help}.
     */
    public static CommandLine forDocumentation() {
        CommandLine cl = withoutCommands();
        SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        return cl;
    }

    private static CommandLine withoutCommands() {
        // help texts list the formats' extensions from the registry (picocli's ${sys:} variable)
        System.setProperty("hopsniff.format.extensions", io.hopsniff.report.render.OutputFormat.extensionList());
        return new CommandLine(new Main());
    }

    /**
     * Builds the command line. picocli reflects over every subcommand it is given, which cost a tenth of a second
     * at start-up (measured in docs/benchmarks.md): when the first argument names a subcommand, only that one is
     * built; help and anything else get them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
        String first = args.length > 0 ? args[0] : "";
        CommandLine cl;
        if (SUBCOMMANDS.containsKey(first)) {
            cl = withoutCommands();
            cl.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
            // the version needs no command model of the subcommands: 0.29 -> 0.22 s (hyperfine, launcher options)
            cl = withoutCommands();
        } else {
            cl = forDocumentation();
            cl.addSubcommand("help", new CommandLine.HelpCommand());
        }
        handlers(cl, out, err);
        cl.setParameterExceptionHandler((ex, badArgs) -> {
            err.println("hopsniff: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                // picocli's nearest commands and options to what was mistyped
                err.println("Did you mean: " + String.join(" or ", u.getSuggestions()) + "?");
            }
            err.println("Try 'hopsniff " + (ex.getCommandLine().getCommandName().equals("hopsniff") ? ""
                    : ex.getCommandLine().getCommandName() + " ") + "--help' for usage.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /** The streams and what an exception in a command becomes (one line and an exit code, never a stack trace). */
    private static void handlers(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, command, parseResult) -> {
            if (ex instanceof CliError e) {
                err.println("hopsniff: " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            err.println("hopsniff: internal error: " + ex + " (a bug: please report it; --debug shows the stack trace)");
            if (debug) {
                ex.printStackTrace(err);
            }
            return ExitCodes.INTERNAL_ERROR;
        });
    }
}
