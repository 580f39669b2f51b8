package io.hopsniff.report;

import io.hopsniff.report.correlation.CorrelationJson;
import io.hopsniff.report.correlation.LegsJson;
import io.hopsniff.report.diagnosis.Diagnosis;
import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.CaptureJson;
import io.hopsniff.report.json.ConnectionJson;
import io.hopsniff.report.json.InputJson;
import io.hopsniff.report.json.SummaryJson;
import io.hopsniff.report.json.ToolJson;
import io.hopsniff.report.json.TransactionJson;
import java.util.List;

/**
 * Builds Jackson's serializers for the report's records on a thread of its own while the capture is decoded. Jackson
 * introspects a record type the first time one is written (reflection over its components and annotations, for
 * every nested type): about a fifth of a second that a small capture used to wait for at the end of its run, when
 * the report is written. The serializers are cached in the one mapper, so the writers find them built; the output
 * is the same either way.
 */
public final class SerializerWarmup {

    /**
     * What the report writes through the mapper: its head sections and anomalies; nested types are built with them.
     * Exchanges and connections are written by {@link SpooledRecordWriter} ({@link #startLiveRecords} for
     * {@code capture --ndjson}, which maps them through the mapper).
     */
    private static final List<Class<?>> TYPES = List.of(ToolJson.class, InputJson.class, CaptureJson.class,
            SummaryJson.class, LegsJson.class, Diagnosis.class, CorrelationJson.class, AnomalyJson.class);

    /**
     * An exchange as the report writes it, in small: the text summary reads the 200 earliest exchanges back into
     * trees at the end of a run, and Jackson's tree reading, cold, took 40-50 ms of main-thread time there on the
     * benchmark's 10 000-flow capture; read here a few hundred times, while the capture is decoded, it takes 25-35.
     */
    private static final String TREE_SAMPLE = "{\"id\":2,\"connection\":560,\"protocol\":\"http/1.1\",\"request\":{"
            + "\"method\":\"GET\",\"headers\":[[\"Host\",\"a\"]],\"first_byte\":{\"utc\":\"x\",\"epoch_ns\":"
            + "1704067200022904000},\"complete\":true,\"body\":null},\"latency_ms\":1.705}";

    /** Enough for C1 to compile the parser's and the tree builder's loops (its threshold is 200 calls). */
    private static final int TREE_READS = 300;

    private SerializerWarmup() {
    }

    private static boolean started;

    /**
     * Starts the warm-up once (a daemon thread: it never holds the process up, and a failure there changes nothing).
     * The CLI starts it before it parses its arguments, so Jackson's introspection runs beside picocli's; a collector
     * starts it in case nothing did.
     */
    public static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        warm(TYPES, TREE_READS, "hopsniff-json-warmup");
    }

    /**
     * Builds the mapper's serialisers for exchanges and connections, for {@code capture --ndjson}, which maps each
     * through the mapper as it comes: its first record would otherwise pay the introspection on the analysis
     * thread, while packets queue.
     */
    public static void startLiveRecords() {
        warm(List.of(TransactionJson.class, ConnectionJson.class), 0, "hopsniff-json-warmup-live");
    }

    private static void warm(List<Class<?>> types, int treeReads, String name) {
        Thread t = new Thread(() -> run(types, treeReads), name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(List<Class<?>> types, int treeReads) {
        try {
            for (Class<?> type : types) {
                JsonMapper.get().canSerialize(type);
            }
            for (int i = 0; i < treeReads; i++) {
                JsonMapper.get().readTree(TREE_SAMPLE);
            }
        } catch (RuntimeException | Error | com.fasterxml.jackson.core.JsonProcessingException e) {
            // Only a head start, never a message of its own: the writers build what is missing when they need it,
            // and fail there, where the failure is reported, if it was more than this thread's problem.
        }
    }
}
