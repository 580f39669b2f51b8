package io.hopsniff.report;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A temporary file of JSON objects, one per line, so the report's memory does not grow with the capture:
 * exchanges and connections are written here as they complete and copied into the report at the end.
 * The file is created owner-only (it holds unredacted-by-option data) and deleted on close.
 */
final class Spool implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private final ObjectWriter json;
    private long count;

    Spool(String name, ObjectWriter json) {
        try {
            this.file = Files.createTempFile("hopsniff-" + name + "-", ".ndjson");
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the report: " + e.getMessage(), e);
        }
        this.json = json;
    }

    void add(Object value) {
        try {
            writer.write(json.writeValueAsString(value));
            writer.write('\n');
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report's temporary file: " + e.getMessage(), e);
        }
    }

    long count() {
        return count;
    }

    /** Replays every line, in order. */
    void forEach(Consumer<String> line) throws IOException {
        writer.flush();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                line.accept(l);
            }
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is not worth failing the run for; it is owner-only.
        }
    }
}
