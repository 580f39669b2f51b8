package io.hopsniff.decoder.session;

import io.hopsniff.capture.CaptureIssue;
import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.StoredPackets;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.tcp.HeapPressure;
import io.hopsniff.decoder.tcp.TcpTracker;
import io.hopsniff.decoder.tcp.TrackerStats;
import java.nio.ByteBuffer;

/**
 * The whole decoding pipeline behind one {@link PacketSink}: link → IP → TCP reassembly → per-connection
 * application analysis. Single-threaded; a live capture feeds it from one analysis thread.
 */
public final class Analyzer implements PacketSink, AutoCloseable {

    private final TcpTracker tracker;
    private final AnalysisListener out;
    private final AnomalySink anomalies;
    private long exchangeIds;
    private long lastTimestamp;
    private final RunBounds bounds;
    private final HeapPressure pressure;
    private long packets;

    /** Packets between two looks at the heap (a power of two): a look reads a collection count. */
    static final int PRESSURE_CHECK_PACKETS = 1024;

    public Analyzer(DecoderConfig config, AnalysisListener out) {
        this(config, out, HeapPressure.watchOldGeneration());
    }

    /** With the given watch on the heap: tests pass their own, to relieve at a packet they choose. */
    public Analyzer(DecoderConfig config, AnalysisListener out, HeapPressure pressure) {
        this.out = out;
        this.pressure = pressure;
        this.anomalies = out::anomaly;
        this.bounds = RunBounds.of(config);
        this.tracker = new TcpTracker(config.tcp(), config.servers(),
                connection -> new ConnectionAnalyzer(connection, config, () -> ++exchangeIds, out, anomalies, bounds),
                anomalies);
    }

    /** What the run's connections share and spend: each back to 0 when every connection has ended. */
    public RunBounds bounds() {
        return bounds;
    }

    /** The run's budget for kept body and message bytes: back to 0 when every connection has ended. */
    public KeptBytes keptBytes() {
        return bounds.kept();
    }

    /**
     * {@code --debug}: an exception thrown by a decoder (a bug) is rethrown as {@code ConsumerFailure} with its stack
     * trace instead of stopping that connection's analysis and being reported as {@code TCP_CONSUMER_FAILED}.
     */
    public Analyzer failFast(boolean on) {
        tracker.failFast(on);
        return this;
    }

    @Override
    public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
        arriving(timestampNanos);
        tracker.packet(timestampNanos, linkType, data, originalLength);
    }

    @Override
    public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength, long position) {
        arriving(timestampNanos);
        tracker.packet(timestampNanos, linkType, data, originalLength, position);
    }

    @Override
    public void storedIn(StoredPackets stored) {
        tracker.storedIn(stored);
    }

    private void arriving(long timestampNanos) {
        lastTimestamp = Math.max(lastTimestamp, timestampNanos);
        if ((++packets & (PRESSURE_CHECK_PACKETS - 1)) == 0 && pressure.risen()) {
            relieve();
        }
    }

    /**
     * Every bound has room, but a capture flooding several at once can still fill the heap they share: rather than
     * run out of memory with no report, fewer connections are tracked and each run-wide bound is halved, said once
     * per collection that found the heap nearly full (docs/limits.md).
     */
    private void relieve() {
        String detail = pressure.detail() + "; now at most: " + tracker.relieve(lastTimestamp) + ", "
                + bounds.tighten();
        out.anomaly(new Anomaly(AnomalyType.TCP_MEMORY_LIMIT, lastTimestamp, 0, 0, detail));
    }

    @Override
    public void issue(CaptureIssue issue) {
        AnomalyType type = switch (issue.kind()) {
            case TRUNCATED_RECORD -> AnomalyType.CAP_TRUNCATED_FILE;
            case RECORD_LENGTH_ABSURD -> AnomalyType.CAP_RECORD_LENGTH_ABSURD;
            case RECORD_LENGTH_INCONSISTENT -> AnomalyType.CAP_RECORD_LENGTH_INCONSISTENT;
            case TIMESTAMP_INVALID -> AnomalyType.CAP_TIMESTAMP_INVALID;
            case BLOCK_MALFORMED -> AnomalyType.CAP_BLOCK_MALFORMED;
            case LINKTYPE_UNSUPPORTED -> AnomalyType.CAP_LINKTYPE_UNSUPPORTED;
            case HANDOFF_DROPPED -> AnomalyType.CAP_HANDOFF_DROPPED;
            case PCAP_WRITE_FAILED -> AnomalyType.CAP_PCAP_WRITE_FAILED;
            case BLOCK_SKIPPED -> null;
        };
        if (type != null) {
            out.anomaly(new Anomaly(type, lastTimestamp, 0, 0, issue.detail()));
        }
    }

    /** Lets go of the capture files kept open to read packets again ({@link #finish} does too). */
    @Override
    public void close() {
        tracker.closeFiles();
    }

    /** Ends every connection still open (reported as still open, not as failures). */
    public void finish() {
        tracker.finish(lastTimestamp);
        long cut = tracker.stats().snaplenTruncated();
        if (cut > 0) {
            out.anomaly(new Anomaly(AnomalyType.CAP_SNAPLEN_TRUNCATED, lastTimestamp, 0, 0,
                    "segments=" + cut + " (their missing bytes are TCP gaps)"));
        }
    }

    /** The servers of the packets --server filtered out, most packets first (a few at most). */
    public java.util.List<java.util.Map.Entry<String, Long>> filteredServers() {
        return tracker.filteredServers();
    }

    public TrackerStats stats() {
        return tracker.stats();
    }

    public long exchanges() {
        return exchangeIds;
    }
}
