package io.hopsniff.report;

import io.hopsniff.report.json.ConnectionJson;
import io.hopsniff.report.json.TransactionJson;
import java.util.List;

/**
 * Readies Jackson on a thread of its own while the capture is decoded: its first tree read (the summaries read the
 * earliest exchanges back) and, for {@code capture --ndjson}, the serialisers of the records it maps as they come.
 * Jackson introspects a record type the first time one is written (reflection over its components and annotations,
 * for every nested type), which a run would otherwise wait for; the report itself is written without the mapper's
 * serialisers ({@link SpooledRecordWriter}, {@link HeadTrees}). The output is the same either way.
 */
public final class SerializerWarmup {

    /**
     * A tree read like the summaries' reads of the report: the first JSON parser of a run initialises {@link java.math.BigDecimal}, whose class initialiser computes
     * 5^65536 on Java 25 (its {@code FIVE_TO_2_TO} table): 10-18 ms measured here (Java 17: under 1 ms) that
     * otherwise fall on the main thread when the report is written.
     */
    private static final byte[] SAMPLE_TREE = "{\"a\":[1,2.5,\"b\",true,null,{}]}".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private SerializerWarmup() {
    }

    private static boolean started;

    /**
     * Starts the warm-up once (a daemon thread: it never holds the process up, and a failure there changes nothing).
     * The CLI starts it before it parses its arguments, so Jackson's start runs beside picocli's; a collector starts
     * it in case nothing did.
     */
    public static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        warm(List.of(), "hopsniff-json-warmup");
    }

    /**
     * Builds the mapper's serialisers for exchanges and connections, for {@code capture --ndjson}, which maps each
     * through the mapper as it comes: its first record would otherwise pay the introspection on the analysis
     * thread, while packets queue.
     */
    public static void startLiveRecords() {
        warm(List.of(TransactionJson.class, ConnectionJson.class), "hopsniff-json-warmup-live");
    }

    private static void warm(List<Class<?>> types, String name) {
        Thread t = new Thread(() -> run(types), name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(List<Class<?>> types) {
        try {
            JsonMapper.get().readTree(SAMPLE_TREE);
            for (Class<?> type : types) {
                JsonMapper.get().canSerialize(type);
            }
        } catch (java.io.IOException | RuntimeException | Error e) {
            // Only a head start, never a message of its own: the writers build what is missing when they need it,
            // and fail there, where the failure is reported, if it was more than this thread's problem.
        }
    }
}
