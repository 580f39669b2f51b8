package io.hopsniff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.report.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process with captured streams, as a user would from the shell. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static JsonNode readJson(Path file) throws IOException {
        return JsonMapper.get().readTree(Files.readString(file));
    }
}
