package io.hopsniff.report;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A temporary file of JSON objects, one per line, so the report's memory does not grow with the capture:
 * exchanges and connections are written here as they complete and copied into the report at the end.
 *
 * <p>Serialising is done by a writer thread fed through a bounded queue, so it runs on the second core while the
 * analysis thread decodes, and Jackson's start-up cost (about a tenth of a second) is paid there too. The records
 * queued are immutable. The file is created owner-only and deleted on close.
 */
final class Spool implements AutoCloseable {

    private static final Object END = new Object();
    private static final int QUEUE = 4096;

    private final String name;
    /** Created by the writer thread (creating a temp file seeds SecureRandom: not on the analysis thread). */
    private Path file;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writerThread;
    private volatile IOException failure;
    private long count;
    private boolean drained;

    Spool(String name, Supplier<ObjectWriter> json) {
        this.name = name;
        this.writerThread = new Thread(() -> writeAll(json), "hopsniff-spool-" + name);
        writerThread.setDaemon(true);
        writerThread.start();
    }

    private void writeAll(Supplier<ObjectWriter> json) {
        try {
            file = Files.createTempFile("hopsniff-" + name + "-", ".ndjson");
        } catch (IOException e) {
            failure = new IOException("cannot create a temporary file for the report: " + e.getMessage(), e);
            drainQueue();
            return;
        }
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ObjectWriter w = json.get();
            for (Object value = queue.take(); value != END; value = queue.take()) {
                if (failure == null) {
                    // A Supplier builds its record here, on this thread: the inputs are immutable records.
                    Object record = value instanceof Supplier<?> supplier ? supplier.get() : value;
                    writer.write(w.writeValueAsString(record));
                    writer.write('\n');
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = new IOException("cannot serialise a report record: " + e, e);
        }
    }

    /** Keeps taking until the end marker, so the analysis thread never blocks on a failed writer. */
    private void drainQueue() {
        try {
            while (queue.take() != END) {
                // discarded: the failure is reported when the spool is read
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a record, or a {@code Supplier} of one to be built on the writer thread. */
    void add(Object value) {
        if (drained) {
            throw new IllegalStateException("spool already closed for writing");
        }
        try {
            queue.put(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spooling the report", e);
        }
        count++;
    }

    long count() {
        return count;
    }

    /** Waits for the writer to finish what was queued. */
    private void drain() throws IOException {
        if (!drained) {
            drained = true;
            try {
                queue.put(END);
                writerThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while finishing the report", e);
            }
        }
        if (failure != null) {
            throw new IOException("cannot write the report's temporary file: " + failure.getMessage(), failure);
        }
    }

    /** Replays every line, in order. */
    void forEach(Consumer<String> line) throws IOException {
        drain();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                line.accept(l);
            }
        }
    }

    @Override
    public void close() {
        try {
            drain();
        } catch (IOException e) {
            // Closing after a failure: the failure was (or will be) reported where the spool was read.
        }
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover temp file is not worth failing the run for; it is owner-only.
        }
    }
}
