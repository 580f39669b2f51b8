package io.hopsniff.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * queued are immutable. The file is created owner-only and unlinked as soon as it is open, so nothing is left in
 * the temporary directory however the process ends (SIGKILL included); it lives as long as its channel.
 */
final class Spool implements AutoCloseable {

    private static final Object END = new Object();
    private static final int QUEUE = 4096;

    private final String name;
    /**
     * Opened by the writer thread (creating a temp file seeds SecureRandom: not on the analysis thread); its
     * name is already gone.
     */
    private volatile FileChannel file;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writerThread;
    private volatile IOException failure;
    private volatile ReportWriterFailure broken;
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
            Path path = Files.createTempFile("hopsniff-" + name + "-", ".ndjson");
            try {
                file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } finally {
                Files.delete(path);
            }
        } catch (IOException e) {
            failure = new IOException("cannot create a temporary file for the report: " + e.getMessage(), e);
            drainQueue();
            return;
        }
        try (BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(appending(file), StandardCharsets.UTF_8),
                1 << 16)) {
            ObjectWriter w = json.get();
            for (Object value = queue.take(); value != END; value = queue.take()) {
                // A Supplier builds its record here, on this thread: the inputs are immutable records.
                Object record = value instanceof Supplier<?> supplier ? supplier.get() : value;
                writer.write(w.writeValueAsString(record));
                writer.write('\n');
            }
        } catch (JsonProcessingException e) {
            broken = new ReportWriterFailure(name, e);
            drainQueue();
        } catch (IOException e) {
            failure = e;
            drainQueue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Out of memory, or a record that cannot be serialised: a bug or a heap too small, not a bad output.
            // Whatever it is, the analysis thread must not wait forever on a queue nobody empties.
            broken = new ReportWriterFailure(name, e);
            drainQueue();
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
        if (failure != null || broken != null) {
            count++;
            return; // the run fails when the spool is read; no point queuing what nobody will write
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
        if (broken != null) {
            throw broken;
        }
        if (failure != null) {
            throw new IOException("cannot write the report's temporary file: " + failure.getMessage(), failure);
        }
    }

    /** Replays every line, in order. */
    void forEach(Consumer<String> line) throws IOException {
        drain();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fromStart(file), StandardCharsets.UTF_8),
                1 << 16)) {
            for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                line.accept(l);
            }
        }
    }

    @Override
    public void close() {
        try {
            drain();
        } catch (IOException | ReportWriterFailure e) {
            // Closing after a failure: the failure was (or will be) reported where the spool was read.
        }
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            // Its name is gone already: closing frees the space, and a failure to close changes nothing.
        }
    }

    /** Writes at the channel's position; closing it leaves the channel open for reading back. */
    private static OutputStream appending(FileChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }
        };
    }

    /** Reads the whole channel from its first byte with positional reads (any number of times). */
    private static InputStream fromStart(FileChannel channel) {
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = channel.read(ByteBuffer.wrap(b, off, len), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }
}
