package io.hopsniff.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by analyze and capture: where the report goes and in which form. */
public final class OutputOptions {

    enum Format { json, text }

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (atomically, mode 0600); the text summary still goes to stdout.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json or text. Default: json for -o FILE, text on stdout.")
    Format format;

    @Option(names = "--no-redact",
            description = "Keep credentials (Authorization, Cookie, Set-Cookie, secret query parameters) in the report.")
    boolean noRedact;

    @Option(names = {"-q", "--quiet"}, description = "No text summary on stdout when writing to a file.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    Format fileFormat() {
        return format == null ? Format.json : format;
    }

    Format stdoutFormat() {
        return format == null ? Format.text : format;
    }
}
