package io.hopsniff.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hopsniff.decoder.session.BatchHandOff;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

/**
 * A temporary file of JSON objects, one per line, so the report's memory does not grow with the capture:
 * exchanges and connections are written here as they complete and copied into the report at the end. The file
 * holds exactly the inside of the report's JSON array (each record on its own line, indented, the commas between
 * them), serialised once to UTF-8 by a Jackson generator streaming into it: no record is ever a String, so a record
 * with megabytes of kept payload costs its bytes once, and the copy into the report is a byte copy.
 *
 * <p>Serialising is done by a writer thread fed through a bounded queue, so it runs on the second core while the
 * analysis thread decodes, and Jackson's start-up cost (about a tenth of a second) is paid there too. The records
 * queued are immutable. The file is created owner-only and unlinked as soon as it is open, so nothing is left in
 * the temporary directory however the process ends (SIGKILL included), unless the kill lands in the microseconds
 * between creating and unlinking it at start-up (Java has no O_TMPFILE); it lives as long as its channel.
 */
final class Spool implements AutoCloseable {

    /** Before the first record, and before each later one: the report's indentation of array elements. */
    private static final String LINE = "\n    ";
    private static final String NEXT_LINE = ",\n    ";
    /** Records handed over at a time: one wake-up of the writer per batch, not per record. */
    private static final int BATCH = 128;
    /** Batches waiting at most: 4096 records in flight, as before batching. */
    private static final int QUEUE = 32;

    private final String name;
    /**
     * Opened by the writer thread (creating a temp file seeds SecureRandom: not on the analysis thread); its
     * name is already gone.
     */
    private volatile FileChannel file;
    /** Records on their way to the writer thread. */
    private final BatchHandOff queue = new BatchHandOff(BATCH, QUEUE);
    private final Thread writerThread;
    private volatile IOException failure;
    private volatile ReportWriterFailure broken;
    private long count;
    private boolean drained;
    private final EarliestTransactions earliest;

    Spool(String name, Supplier<ObjectWriter> json) {
        this(name, json, null);
    }

    /** {@code earliest}: fed every record the writer writes; read after the spool is drained. */
    Spool(String name, Supplier<ObjectWriter> json, EarliestTransactions earliest) {
        this.name = name;
        this.earliest = earliest;
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
        try (OutputStream out = new BufferedOutputStream(appending(file), 1 << 16);
             JsonGenerator g = JsonMapper.get().getFactory().createGenerator(out)) {
            g.setRootValueSeparator(null); // the separators are ours: ",\n    " between records
            // flush() moves the generator's buffer into the BufferedOutputStream only: a kept record's bytes are
            // written there after it, and a write(2) per kept record would be hundreds of small writes.
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            // Jackson flushes after each value by default: a write(2) per record (a million for a SYN flood).
            ObjectWriter w = json.get().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
            boolean first = true;
            for (Object value = queue.next(); value != null; value = queue.next()) {
                if (value instanceof Barrier barrier) {
                    g.flush(); // the generator's buffer into the BufferedOutputStream
                    out.flush();
                    barrier.reached(file.size());
                    continue;
                }
                // A Supplier builds its record here, on this thread: the inputs are immutable records.
                Object record = value instanceof Supplier<?> supplier ? supplier.get() : value;
                g.writeRaw(first ? LINE : NEXT_LINE);
                if (earliest != null && earliest.wants(record)) {
                    byte[] bytes = SpooledRecordWriter.bytes(record, w);
                    earliest.keep(record, bytes);
                    g.flush(); // the separator the generator holds goes first
                    out.write(bytes);
                } else {
                    SpooledRecordWriter.write(g, record, w);
                }
                first = false;
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
            for (Object taken = queue.next(); taken != null; taken = queue.next()) {
                if (taken instanceof Barrier barrier) {
                    barrier.reached(-1); // records are discarded: the failure is reported when the spool is read
                }
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
            queue.add(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spooling the report", e);
        }
        count++;
    }

    long count() {
        return count;
    }

    /**
     * The earliest records' JSON lines, each as the report has it after {@code edit} (a leg spliced in at the end,
     * or null), earliest first; null while the writer may still be adding to them (an interim report) or when this
     * spool keeps none.
     */
    List<byte[]> earliest(int head, java.util.function.UnaryOperator<String> edit) throws IOException {
        if (earliest == null || !drained) {
            return null;
        }
        List<byte[]> lines = earliest.sorted();
        if (edit != null) {
            for (int i = 0; i < lines.size(); i++) {
                // the same edit as in the copy: the line's head, after the report's indentation
                java.io.ByteArrayOutputStream edited = new java.io.ByteArrayOutputStream(lines.get(i).length + 64);
                LineHeads heads = new LineHeads(edited, head, edit);
                heads.write(LINE.substring(1).getBytes(StandardCharsets.ISO_8859_1));
                heads.write(lines.get(i));
                heads.finish();
                lines.set(i, edited.toByteArray());
            }
        }
        return lines;
    }

    /** Waits for the writer to finish what was queued. */
    private void drain() throws IOException {
        if (!drained) {
            drained = true;
            try {
                queue.end();
                writerThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while finishing the report", e);
            }
        }
        throwIfFailed();
    }

    /** What went wrong in the writer thread, if anything: the report cannot be read whole. */
    private void throwIfFailed() throws IOException {
        if (broken != null) {
            throw broken;
        }
        if (failure != null) {
            throw new IOException("cannot write the report's temporary file: " + failure.getMessage(), failure);
        }
    }

    /** Put in the queue behind the records to wait for: the writer says how many bytes it has written then. */
    private static final class Barrier {
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private volatile long bytes;

        void reached(long written) {
            bytes = written;
            done.countDown();
        }
    }

    /**
     * Waits until every record added so far is in the file, without ending the spool: the bytes up to the returned
     * length are whole records and stay as they are while the writer goes on appending. An interim report reads
     * them; {@link #add} may go on afterwards.
     */
    private long writtenSoFar() throws IOException {
        if (drained) {
            return size();
        }
        Barrier barrier = new Barrier();
        try {
            queue.add(barrier);
            queue.flush();
            while (!barrier.done.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!writerThread.isAlive()) {
                    break; // it ended without reaching the barrier (interrupted): the checks below say why
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing an interim report", e);
        }
        throwIfFailed();
        if (barrier.done.getCount() > 0 || barrier.bytes < 0) {
            throw new IOException("the report's writer thread ended early");
        }
        return barrier.bytes;
    }

    /** The number of bytes written, after the writer finished ({@code 0} for no record). */
    long size() throws IOException {
        drain();
        return file == null ? 0 : file.size();
    }

    /**
     * Copies what was written to {@code out}: the records as {@code \n    {…},\n    {…}}, ready to go between a JSON
     * array's brackets. Bytes only, in large blocks.
     */
    void copyTo(OutputStream out) throws IOException {
        copyTo(out, false);
    }

    /**
     * With {@code soFar}, copies the records added until now and leaves the spool open for more (an interim
     * report); otherwise ends the spool first, as {@link #copyTo(OutputStream)} does. Returns the bytes copied.
     */
    long copyTo(OutputStream out, boolean soFar) throws IOException {
        long end = soFar ? writtenSoFar() : size();
        if (file == null) {
            return 0;
        }
        FileSink.copy(file, 0, end, out); // positional: safe while the writer appends beyond end
        return end;
    }

    /**
     * Like {@link #copyTo}, with the start of each record ({@code head} bytes at most, as Latin-1 text so any
     * byte comes back as itself) given to {@code edit}, which may insert a member there; the rest of a record is
     * copied as bytes.
     */
    void copyTo(OutputStream out, int head, java.util.function.UnaryOperator<String> edit) throws IOException {
        copyTo(out, head, edit, false);
    }

    /** {@link #copyTo(OutputStream, int, java.util.function.UnaryOperator)}, so far or to the end; bytes read. */
    long copyTo(OutputStream out, int head, java.util.function.UnaryOperator<String> edit, boolean soFar)
            throws IOException {
        LineHeads lines = new LineHeads(out, head, edit);
        long n = copyTo(lines, soFar);
        lines.finish();
        return n;
    }

    /**
     * Passes bytes on to {@code out}, split at newlines (JSON strings never hold a raw one), each line's head
     * edited; {@link #finish} ends the last line.
     */
    private static final class LineHeads extends OutputStream {
        private final OutputStream out;
        private final java.util.function.UnaryOperator<String> edit;
        private final byte[] head;
        private int held;
        /** The current line's head was edited and written: the rest of the line is copied through. */
        private boolean passing;

        LineHeads(OutputStream out, int head, java.util.function.UnaryOperator<String> edit) {
            this.out = out;
            this.edit = edit;
            this.head = new byte[head];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = off + len;
            int i = off;
            while (i < n) {
                int nl = indexOf(b, i, n, (byte) '\n');
                int end = nl < 0 ? n : nl;
                if (passing) {
                    out.write(b, i, end - i);
                } else {
                    int take = Math.min(end - i, head.length - held);
                    System.arraycopy(b, i, head, held, take);
                    held += take;
                    if (held == head.length) {
                        flushHead();
                        out.write(b, i + take, end - i - take);
                    }
                }
                if (nl < 0) {
                    return;
                }
                if (!passing) {
                    flushHead();
                }
                out.write('\n');
                passing = false;
                i = nl + 1;
            }
        }

        void finish() throws IOException {
            if (!passing) {
                flushHead();
            }
        }

        private void flushHead() throws IOException {
            String edited = edit.apply(new String(head, 0, held, StandardCharsets.ISO_8859_1));
            out.write(edited.getBytes(StandardCharsets.ISO_8859_1));
            held = 0;
            passing = true;
        }

        private static int indexOf(byte[] b, int from, int to, byte v) {
            for (int i = from; i < to; i++) {
                if (b[i] == v) {
                    return i;
                }
            }
            return -1;
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
}
