package io.hopsniff.capture.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Single-producer single-consumer ring of captured frames, bounded by packet count and by bytes. The producer
 * (capture thread) never blocks: when either bound is reached the frame is dropped and counted, and the next
 * frame that fits carries the size of the burst before it, so the consumer reports drops in stream order,
 * once per burst. Slots are parallel primitive arrays, so the hand-off itself allocates nothing per packet.
 */
final class FrameRing {
    static final byte LIMIT_PACKETS = 1;
    static final byte LIMIT_BYTES = 2;

    /** Called on the consumer thread for each frame; it owns {@code data}. */
    interface Consumer {
        void frame(long timestampNanos, byte[] data, int originalLength, long dropsBefore, long firstDropIndex,
                   byte dropLimit);
    }

    private final int mask;
    private final long maxBytes;
    private final long[] timestamps;
    private final int[] originalLengths;
    private final byte[][] frames;
    private final long[] dropsBefore;
    private final long[] firstDrop;
    private final byte[] dropLimit;

    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong bursts = new AtomicLong();
    private volatile Thread waitingConsumer;

    // producer-only state: the drop burst in progress
    private long pendingDrops;
    private long pendingFirst;
    private byte pendingLimit;

    FrameRing(HandoffLimits limits) {
        int capacity = Integer.highestOneBit(limits.maxPackets());
        if (capacity < limits.maxPackets()) {
            capacity <<= 1;
        }
        this.mask = capacity - 1;
        this.maxBytes = limits.maxBytes();
        this.timestamps = new long[capacity];
        this.originalLengths = new int[capacity];
        this.frames = new byte[capacity][];
        this.dropsBefore = new long[capacity];
        this.firstDrop = new long[capacity];
        this.dropLimit = new byte[capacity];
    }

    int capacity() {
        return mask + 1;
    }

    /** Producer side. Returns false when the frame was dropped. */
    boolean offer(long timestampNanos, byte[] data, int originalLength) {
        long index = received.get();
        received.lazySet(index + 1);
        long t = tail.get();
        byte limit = 0;
        if (t - head.get() > mask) {
            limit = LIMIT_PACKETS;
        } else if (bytesInFlight.get() + data.length > maxBytes) {
            limit = LIMIT_BYTES;
        }
        if (limit != 0) {
            if (pendingDrops == 0) {
                pendingFirst = index;
                pendingLimit = limit;
                bursts.lazySet(bursts.get() + 1);
            }
            pendingDrops++;
            dropped.lazySet(dropped.get() + 1);
            return false;
        }
        int i = (int) (t & mask);
        timestamps[i] = timestampNanos;
        originalLengths[i] = originalLength;
        frames[i] = data;
        dropsBefore[i] = pendingDrops;
        firstDrop[i] = pendingFirst;
        dropLimit[i] = pendingLimit;
        pendingDrops = 0;
        bytesInFlight.addAndGet(data.length);
        tail.lazySet(t + 1); // release: the slot is complete before the consumer can see it
        Thread w = waitingConsumer;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /** Consumer side. Returns false when the ring was empty. */
    boolean poll(Consumer consumer) {
        long h = head.get();
        if (h == tail.get()) {
            return false;
        }
        int i = (int) (h & mask);
        byte[] data = frames[i];
        frames[i] = null;
        long ts = timestamps[i];
        int orig = originalLengths[i];
        long drops = dropsBefore[i];
        long first = firstDrop[i];
        byte limit = dropLimit[i];
        bytesInFlight.addAndGet(-data.length);
        head.lazySet(h + 1);
        consumer.frame(ts, data, orig, drops, first, limit);
        return true;
    }

    /** Consumer side: parks up to {@code nanos} unless frames are waiting; the producer unparks it. */
    void await(long nanos) {
        waitingConsumer = Thread.currentThread();
        try {
            if (head.get() == tail.get()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waitingConsumer = null;
        }
    }

    void wakeConsumer() {
        Thread w = waitingConsumer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Drops at the very end with no frame after them; read only once the producer has finished. */
    long trailingDrops() {
        return pendingDrops;
    }

    long trailingFirstDrop() {
        return pendingFirst;
    }

    byte trailingLimit() {
        return pendingLimit;
    }

    long received() {
        return received.get();
    }

    long dropped() {
        return dropped.get();
    }

    long bursts() {
        return bursts.get();
    }

    long inFlight() {
        return tail.get() - head.get();
    }
}
