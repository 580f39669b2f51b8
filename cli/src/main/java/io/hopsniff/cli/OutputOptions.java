package io.hopsniff.cli;

import io.hopsniff.report.render.OutputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by analyze and capture: where the report goes and in which forms. */
public final class OutputOptions {

    /** One output: a format and a file, or stdout when {@code file} is null. */
    record Target(OutputFormat format, Path file) {
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = {"Write the report to FILE (atomically, mode 0600); repeatable, one per --format, in order.",
                "Alone, the extension picks the format: ${sys:hopsniff.format.extensions:-see --format} (else json).",
                "-o - writes it to stdout (json unless --format says otherwise), and then no text summary goes there.",
                "The text summary still goes to stdout unless -q."})
    List<Path> outputs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}; repeatable, paired in order with -o. "
                    + "Without -o: one format to stdout (default text).")
    List<OutputFormat> formats = new ArrayList<>();

    @Option(names = "--no-redact",
            description = "Keep credentials in every output: headers, query strings, bodies, messages, details (docs/redaction.md).")
    boolean noRedact;

    @Option(names = "--show-header", paramLabel = "NAME",
            description = "Show this header's values although redaction is on (repeatable; docs/redaction.md).")
    List<String> showHeaders = new ArrayList<>();

    @Option(names = "--redact-header", paramLabel = "NAME",
            description = "Always redact this header's values, whatever they look like (repeatable).")
    List<String> redactHeaders = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "No text summary on stdout when writing to a file.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    /** The same report options with the files only: no stdout target, no summary (an interim report). */
    OutputOptions filesOnly() {
        OutputOptions o = new OutputOptions();
        for (Target t : targets()) {
            if (t.file() != null) {
                o.outputs.add(t.file());
                o.formats.add(t.format());
            }
        }
        o.noRedact = noRedact;
        o.showHeaders = showHeaders;
        o.redactHeaders = redactHeaders;
        o.quiet = true;
        o.debug = debug;
        return o;
    }

    /** What to write where; throws IllegalArgumentException (a usage error) when formats and files do not pair. */
    List<Target> targets() {
        return targets(formats, outputs);
    }

    static List<Target> targets(List<OutputFormat> formats, List<Path> outputs) {
        List<Target> t = new ArrayList<>();
        if (outputs.isEmpty()) {
            if (formats.size() > 1) {
                throw new IllegalArgumentException("several --format need one -o FILE each (only one format can go to stdout)");
            }
            t.add(new Target(formats.isEmpty() ? OutputFormat.text : formats.get(0), null));
        } else if (formats.isEmpty()) {
            for (Path p : outputs) {
                OutputFormat f = OutputFormat.ofFileName(p);
                t.add(new Target(f == null ? OutputFormat.json : f, stdoutOrFile(p)));
            }
        } else if (formats.size() == outputs.size()) {
            for (int i = 0; i < formats.size(); i++) {
                t.add(new Target(formats.get(i), stdoutOrFile(outputs.get(i))));
            }
        } else {
            throw new IllegalArgumentException(formats.size() + " --format but " + outputs.size()
                    + " -o: give one -o FILE per --format, in the same order");
        }
        if (t.stream().filter(target -> target.file() == null).count() > 1) {
            throw new IllegalArgumentException("-o - twice: only one output can go to stdout");
        }
        return t;
    }

    /** {@code -o -} is stdout, as for tcpdump's -w and most tools; anything else is a file. */
    private static Path stdoutOrFile(Path p) {
        return p.toString().equals("-") ? null : p;
    }

    /** The format that goes to stdout, or null when everything goes to files. */
    OutputFormat stdoutFormat() {
        for (Target t : targets()) {
            if (t.file() == null) {
                return t.format();
            }
        }
        return null;
    }
}
