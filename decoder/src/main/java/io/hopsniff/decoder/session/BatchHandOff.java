package io.hopsniff.decoder.session;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Objects passed from one thread to another in order, in batches through a bounded queue: the producer touches the
 * queue once a batch, not once an object (one wake-up of the consumer per batch), and a slow consumer holds the
 * producer back instead of filling the heap. One producer thread, one consumer thread. What the report's threads
 * are fed with: the report thread ({@link HandOffListener}) and the spool's writers.
 *
 * <p>A blocking call that is interrupted throws and changes nothing, so the caller may give up or try it again.
 */
public final class BatchHandOff {

    private static final Object[] END = new Object[0];

    private final BlockingQueue<Object[]> queue;
    private final int batchSize;
    /**
     * The producer's batch being filled. The first holds one object and each next one twice as many, up to
     * {@code batchSize}: the consumer gets to work on the first object at once instead of when a full batch is
     * there (a tiny capture's events were all handed over in the last, partial batch, so the report thread ran its
     * code for the first time while the main thread waited for it at the end).
     */
    private Object[] batch = new Object[1];
    private int filled;
    /** The consumer's batch being taken, and where. */
    private Object[] taking = new Object[0];
    private int at;

    /** At most {@code (batches + 2) * batchSize} objects in flight: those queued, one filling, one being taken. */
    public BatchHandOff(int batchSize, int batches) {
        this.queue = new ArrayBlockingQueue<>(batches);
        this.batchSize = batchSize;
    }

    /** Producer: adds a (non-null) object, first handing the batch over when it is full. */
    public void add(Object o) throws InterruptedException {
        if (filled == batch.length) {
            flush();
        }
        batch[filled++] = o;
    }

    /** Producer: hands over what was added and not yet handed over. */
    public void flush() throws InterruptedException {
        if (filled > 0) {
            queue.put(batch); // a partial batch ends at its first null
            batch = new Object[Math.min(batchSize, batch.length * 2)];
            filled = 0;
        }
    }

    /** Producer: hands over what is left and tells the consumer there is nothing more. */
    public void end() throws InterruptedException {
        flush();
        queue.put(END);
    }

    /** Consumer: the next object, waiting for it; null once the producer ended (and at every call after). */
    public Object next() throws InterruptedException {
        while (at == taking.length || taking[at] == null) {
            if (taking == END) {
                return null;
            }
            taking = queue.take();
            at = 0;
        }
        return taking[at++];
    }
}
