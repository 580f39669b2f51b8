package io.hopsniff.decoder.tcp;

import io.hopsniff.capture.LinkType;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tracker wired to recorders, with helpers to feed frames and read results. */
public final class Harness {
    public static final long SECOND = 1_000_000_000L;
    public final List<Anomaly> anomalies = new ArrayList<>();
    public final Map<Long, Recorder> recorders = new LinkedHashMap<>();
    public final TcpTracker tracker;
    /** Every connection the factory was asked about, delivering or not. */
    public final List<TcpConnection> connections = new ArrayList<>();
    public long now = 1_700_000_000L * SECOND;
    /** When false the factory returns null (counting only). */
    boolean deliver = true;
    String swapWhenStartsWith;
    private MemoryPackets file;

    public Harness() {
        this(TcpLimits.DEFAULTS, List.of());
    }

    public Harness(TcpLimits limits, List<ServerSpec> servers) {
        tracker = new TcpTracker(limits, servers, c -> {
            connections.add(c);
            if (!deliver) {
                return null;
            }
            Recorder r = new Recorder(c);
            r.swapWhenStartsWith = swapWhenStartsWith;
            recorders.put(c.id(), r);
            return r;
        }, anomalies::add);
    }

    /** Feeds a raw IP packet (LINKTYPE_RAW) one microsecond after the previous one. */
    public Harness raw(Seg s) {
        return frame(LinkType.RAW, s.ip());
    }

    /**
     * From now on frames come as from a capture file: each is written to one in memory and fed with its position, so
     * delivered bytes are kept as positions and read back for the retransmission check, as for a pcap file.
     */
    public Harness stored() {
        file = new MemoryPackets();
        tracker.storedIn(file);
        return this;
    }

    /** The in-memory capture file {@link #stored()} feeds from, or null. */
    MemoryPackets file() {
        return file;
    }

    public Harness frame(int linkType, byte[] frame) {
        now += 1000;
        if (file != null) {
            tracker.packet(now, linkType, ByteBuffer.wrap(frame), frame.length, file.append(frame));
        } else {
            tracker.packet(now, linkType, ByteBuffer.wrap(frame), frame.length);
        }
        return this;
    }

    public Harness at(long ts) {
        now = ts;
        return this;
    }

    public Harness finish() {
        tracker.finish(now);
        return this;
    }

    public Recorder conn(long id) {
        return recorders.get(id);
    }

    public List<String> events(long id) {
        return recorders.get(id).events;
    }

    public long count(AnomalyType type) {
        return anomalies.stream().filter(a -> a.type() == type).count();
    }
}
