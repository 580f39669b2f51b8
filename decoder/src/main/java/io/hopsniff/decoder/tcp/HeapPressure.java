package io.hopsniff.decoder.tcp;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the Java heap is nearly full of live objects: the last resort behind the decoder's own budgets.
 *
 * <p>Every structure that grows with the input has a bound of its own (docs/limits.md), but each is sized alone: a
 * capture that floods several at once (50 000 connections each holding unacknowledged bytes, an out-of-order
 * segment and half a long head) adds them up past any heap a host would give. Rather than die with an
 * OutOfMemoryError and no report, the analyzer asks this every 1024 packets and, when the answer is yes, ends the
 * least recently active connections (their bytes go with them), tracks fewer from then on and halves every bound on
 * all connections together ({@link #halved}). It measures the real heap, as Elasticsearch's real-memory circuit
 * breaker does, so whatever the budgets forgot is covered too.
 */
public interface HeapPressure {

    /** Share of the long-lived objects' space that, still full after a collection, means pressure. */
    double THRESHOLD = 0.8;

    /** Never under pressure: for tests that must not depend on the heap. */
    HeapPressure NONE = new HeapPressure() {
        @Override
        public boolean risen() {
            return false;
        }

        @Override
        public String detail() {
            return "";
        }
    };

    /** The least a bound in bytes is halved to: a run under pressure still keeps this much of each. */
    long FLOOR_BYTES = 1 << 20;
    /** The least a bound in exchanges, requests or streams is halved to. */
    int FLOOR_COUNT = 1000;

    /** A bound under pressure: half of {@code limit}, but not below {@code floor}, and never more than it was. */
    static long halved(long limit, long floor) {
        return Math.min(limit, Math.max(floor, limit / 2));
    }

    /** Whether a collection since the last call left the heap over the threshold. */
    boolean risen();

    /** What was measured, for the anomaly's detail. */
    String detail();

    /**
     * Watches the heap pool that holds long-lived objects (the old or tenured generation of every HotSpot collector:
     * the largest heap pool the JVM reports usage after collection for), found at the first look: a capture of
     * fewer than 1024 packets never loads java.management (15 ms of a tiny run's 0.55 s). Finding it loads and
     * starts java.management (60 classes, 15-20 ms), so the first look hands that to a thread of its own and answers
     * no until the watch is there: the decoding thread goes on, and the next look, 1024 packets later, uses it.
     */
    static HeapPressure watchOldGeneration() {
        return new HeapPressure() {
            private volatile HeapPressure watch;
            private boolean looking;

            @Override
            public boolean risen() {
                HeapPressure w = watch;
                if (w != null) {
                    return w.risen();
                }
                if (!looking) {
                    looking = true;
                    Thread finder = new Thread(this::find, "hopsniff-heap-watch");
                    finder.setDaemon(true);
                    finder.start();
                }
                return false;
            }

            private void find() {
                try {
                    watch = oldGeneration();
                } catch (RuntimeException | LinkageError e) {
                    watch = NONE; // no management beans here: the decoder's own bounds still hold
                }
            }

            @Override
            public String detail() {
                HeapPressure w = watch;
                return w == null ? "" : w.detail();
            }
        };
    }

    /** The old generation's watch now, or {@link #NONE} when the JVM has no such pool. */
    private static HeapPressure oldGeneration() {
        MemoryPoolMXBean old = null;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && pool.getUsage().getMax() > 0
                    && (old == null || pool.getUsage().getMax() > old.getUsage().getMax())) {
                old = pool;
            }
        }
        if (old == null) {
            return NONE;
        }
        List<GarbageCollectorMXBean> collectors = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (Arrays.asList(gc.getMemoryPoolNames()).contains(old.getName())) {
                collectors.add(gc);
            }
        }
        return new OldGenerationWatch(old, collectors.toArray(new GarbageCollectorMXBean[0]));
    }

    /**
     * {@link HeapPressure} from the pool's usage as the last collection of it left it. Both are updated by the JVM
     * when a collection ends (the pool's collection usage threshold count is not: a service thread updates it later,
     * and in a storm of full collections not at all for seconds), so asking costs a few counter reads and a look at
     * the usage once per collection.
     */
    final class OldGenerationWatch implements HeapPressure {
        private static final long MIB = 1 << 20;
        private final MemoryPoolMXBean pool;
        private final GarbageCollectorMXBean[] collectors;
        private final long threshold;
        private long seenCollections;
        private long lastUsed;

        OldGenerationWatch(MemoryPoolMXBean pool, GarbageCollectorMXBean[] collectors) {
            this.pool = pool;
            this.collectors = collectors;
            this.threshold = (long) (pool.getUsage().getMax() * THRESHOLD);
            this.seenCollections = collections();
        }

        private long collections() {
            long n = 0;
            for (GarbageCollectorMXBean gc : collectors) {
                n += Math.max(0, gc.getCollectionCount());
            }
            return n;
        }

        @Override
        public boolean risen() {
            long n = collections();
            if (n == seenCollections) {
                return false;
            }
            seenCollections = n;
            MemoryUsage after = pool.getCollectionUsage();
            lastUsed = after == null ? 0 : after.getUsed();
            return lastUsed > threshold;
        }

        @Override
        public String detail() {
            return "heap=" + lastUsed / MIB + " of " + pool.getUsage().getMax() / MIB + " MiB live after a collection ("
                    + pool.getName() + ")";
        }
    }
}
