package io.hopsniff.decoder.tcp;

import io.hopsniff.capture.LinkType;
import io.hopsniff.capture.PacketSink;
import io.hopsniff.capture.StoredPackets;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.ip.IpDecoders;
import io.hopsniff.decoder.ip.IpFragments;
import io.hopsniff.decoder.ip.IpProtocols;
import io.hopsniff.decoder.ip.IpPacket;
import io.hopsniff.decoder.link.LinkDecoder;
import io.hopsniff.decoder.link.LinkDecoders;
import io.hopsniff.decoder.link.LinkFrame;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Link → IP → TCP → per-connection reassembly. One instance per capture, driven by one thread.
 *
 * <p>The per-packet path allocates nothing for in-order traffic of known connections: decoders fill reused holders,
 * the connection is found with a reused probe key, and payload is handed over as a view of the packet buffer.
 * Malformed or uninteresting frames are counted ({@link #stats()}) and reported once per kind, so a capture full
 * of ARP or fragments does not produce one anomaly per frame.
 *
 * <p>Events per connection, in this order: {@code data}/{@code gap} in stream-offset order per direction (offsets
 * are contiguous: every byte of a direction is either delivered once or covered by exactly one gap), {@code fin}
 * when a direction's FIN is reached, {@code rst} when a side reset, then exactly one {@code end}. A gap is declared
 * when (a) the other side acknowledges beyond a hole (its ACK is processed before the segment's own payload),
 * (b) the out-of-order budget is exceeded, (c) the connection ends (FIN reached after a hole, RST, eviction, idle
 * timeout, {@link #finish}), or (d) the snapshot length cut a segment whose bytes are otherwise in order. Bytes are
 * never invented. End reasons: FIN when both FINs were delivered; RST on the first RST (after flushing); EVICTED at
 * the connection limit; IDLE_TIMEOUT by capture time; STILL_OPEN at {@link #finish} and for a connection replaced
 * by port reuse while still open (the capture never showed its close).
 *
 * <p>Connections closed by FIN or RST stay in the table for up to 30 s (capped by the idle timeout) so trailing
 * ACKs, FINs and RSTs are absorbed, and a new SYN on the tuple is recognised as port reuse. Pure ACKs of unknown
 * tuples do not create connections ({@link TrackerStats#orphanAcks()}).
 */
public final class TcpTracker implements PacketSink {
    /** Capture time between idle scans. */
    private static final long IDLE_CHECK_INTERVAL = 1_000_000_000L;
    /** Closed connections stay this long (capped by the idle timeout) to absorb trailing ACKs, FINs and RSTs. */
    private static final long CLOSED_LINGER = 30_000_000_000L;
    /** Under heap pressure the tracked connections are cut by a quarter each time, never below this. */
    static final int MIN_CONNECTION_CAP = 256;

    final TcpLimits limits;
    final AnomalySink anomalies;
    private final ServerSpec[] servers;
    private final StreamConsumerFactory factory;
    private final LinkDecoders linkDecoders = LinkDecoders.standard();
    private final IpDecoders ipDecoders = IpDecoders.standard();
    private final LinkFrame frame = new LinkFrame();
    private final IpPacket ip = new IpPacket();
    private final FilteredServers filteredServers = new FilteredServers();
    /** Fragments held for reassembly: bytes and datagrams at most, and how long a datagram may take (docs/limits.md). */
    static final long FRAGMENT_BUDGET = 4L << 20;
    static final int MAX_FRAGMENTED_DATAGRAMS = 1024;
    private final IpFragments fragments = new IpFragments(FRAGMENT_BUDGET, MAX_FRAGMENTED_DATAGRAMS, 30_000_000_000L);
    private final TcpSegment tcp = new TcpSegment();
    private final ConnectionKey probe = new ConnectionKey();
    private final ConnectionTable connections = new ConnectionTable();
    private final AddressNames addressNames = new AddressNames();
    private final ConnectionList open = new ConnectionList();
    private final ConnectionList closed = new ConnectionList();
    private final long linger;
    /** Connections tracked at most: --max-connections, lowered for good each time the heap is under pressure. */
    private int connectionCap;

    private int cachedLinkType = Integer.MIN_VALUE;
    private LinkDecoder cachedDecoder;
    private ByteBuffer viewSource;
    private ByteBuffer view;
    private byte[] viewArray;
    private long now = Long.MIN_VALUE;
    private long lastIdleCheck = Long.MIN_VALUE;
    private long nextId;

    private final boolean[] reportedOnce = new boolean[AnomalyType.values().length];
    private final BitSet notIpKinds = new BitSet();
    private final BitSet notTcpProtocols = new BitSet(256);
    private final BitSet unsupportedLinkTypes = new BitSet();

    private long packets;
    private long bytes;
    private long linkTypeUnsupported;
    private long l2Truncated;
    private long nonIp;
    private long ipMalformed;
    private long nonTcp;
    private long ipFragments;
    private long tcpMalformed;
    private long filteredOut;
    private long orphanAcks;
    long snaplenTruncated;
    private long connectionsTotal;
    private long peakConcurrent;
    private long evicted;
    private long idleClosed;
    private long portReuses;
    long reassemblyLimitHits;
    long compareLimitHits;
    /** Out-of-order bytes buffered by all connections now, and at most (TcpLimits.maxBufferedBytesTotal, or lower). */
    long bufferedTotal;
    long bufferedLimit;
    /** Conflict-check rings between messages, shared by this tracker's connections. */
    final RingPool rings = new RingPool();
    /** The capture files packets came from, read again to check a retransmission (instead of keeping copies). */
    final StoredFiles storedFiles = new StoredFiles();
    long dataAfterClose;
    long outOfWindow;
    long consumerErrors;
    /** --debug: a consumer's exception is rethrown (as {@link ConsumerFailure}) instead of stopping its connection. */
    private boolean failFast;

    /** Rethrow consumer exceptions (a bug) instead of counting them: for --debug. */
    public void failFast(boolean on) {
        failFast = on;
    }

    boolean failFast() {
        return failFast;
    }

    public TcpTracker(TcpLimits limits, List<ServerSpec> servers, StreamConsumerFactory factory, AnomalySink anomalies) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.servers = servers == null ? new ServerSpec[0] : servers.toArray(new ServerSpec[0]);
        this.factory = factory == null ? c -> null : factory;
        this.anomalies = anomalies == null ? a -> { } : anomalies;
        this.linger = Math.min(CLOSED_LINGER, limits.idleTimeoutNanos());
        this.connectionCap = limits.maxConnections();
        this.bufferedLimit = limits.maxBufferedBytesTotal();
    }

    @Override
    public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength) {
        storedFiles.packet(data, -1);
        decode(timestampNanos, linkType, data);
    }

    @Override
    public void packet(long timestampNanos, int linkType, ByteBuffer data, int originalLength, long position) {
        storedFiles.packet(data, position);
        decode(timestampNanos, linkType, data);
    }

    @Override
    public void storedIn(StoredPackets stored) {
        storedFiles.next(stored);
    }

    /** Closes the capture files kept open to read packets again (the analysis ended, or failed). */
    public void closeFiles() {
        storedFiles.close();
    }

    private void decode(long timestampNanos, int linkType, ByteBuffer data) {
        packets++;
        int start = data.position();
        int end = data.limit();
        bytes += end - start;
        advanceClock(timestampNanos);

        LinkDecoder link = linkType == cachedLinkType ? cachedDecoder : linkDecoder(linkType);
        if (link == null) {
            linkTypeUnsupported++;
            if (linkType < 0 || linkType > 0xffff) {
                once(AnomalyType.CAP_LINKTYPE_UNSUPPORTED, timestampNanos, "linktype=" + LinkType.name(linkType));
            } else if (!unsupportedLinkTypes.get(linkType)) {
                unsupportedLinkTypes.set(linkType);
                global(AnomalyType.CAP_LINKTYPE_UNSUPPORTED, timestampNanos, "linktype=" + LinkType.name(linkType));
            }
            return;
        }
        link.decode(data, start, end, frame);
        if (frame.outcome != LinkFrame.Outcome.IP) {
            if (frame.outcome == LinkFrame.Outcome.TRUNCATED) {
                l2Truncated++;
                once(AnomalyType.L2_TRUNCATED, timestampNanos, "linktype=" + LinkType.name(linkType) + ", length=" + (end - start));
            } else {
                nonIp++;
                int kind = frame.etherType >= 0 ? frame.etherType : 0x10000 + (-frame.etherType & 0xffff);
                if (!notIpKinds.get(kind)) {
                    notIpKinds.set(kind);
                    global(AnomalyType.L2_NOT_IP, timestampNanos, frame.etherType >= 0
                            ? String.format("ethertype=0x%04x", frame.etherType) : "address_family=" + -frame.etherType);
                }
            }
            return;
        }
        switch (ipDecoders.decode(data, frame.networkOffset, end, frame.etherType, ip)) {
            case TCP -> tcpSegment(timestampNanos, data);
            case NOT_TCP -> {
                nonTcp++;
                if (!notTcpProtocols.get(ip.protocol & 0xff)) {
                    notTcpProtocols.set(ip.protocol & 0xff);
                    global(AnomalyType.IP_NOT_TCP, timestampNanos, "protocol=" + ip.protocol);
                }
            }
            case FRAGMENT -> fragment(timestampNanos, data);
            case TRUNCATED -> {
                ipMalformed++;
                once(AnomalyType.IP_TRUNCATED, timestampNanos, ip.problem);
            }
            case BAD_HEADER -> {
                ipMalformed++;
                once(AnomalyType.IP_BAD_HEADER, timestampNanos, ip.problem);
            }
        }
    }

    /** A fragment goes to reassembly; a datagram it completes goes on as if it had come whole. */
    private void fragment(long ts, ByteBuffer data) {
        ipFragments++;
        once(AnomalyType.IP_FRAGMENT, ts, "first of them: ipv" + ip.version + " protocol=" + ip.protocol);
        switch (fragments.add(ip, data, ts)) {
            case COMPLETE -> {
                ByteBuffer datagram = fragments.datagram();
                ip.protocol = fragments.protocol();
                ip.payloadOffset = 0;
                ip.payloadCapturedEnd = datagram.limit();
                ip.payloadWireLength = datagram.limit();
                if (ip.protocol == IpProtocols.TCP) {
                    tcpSegment(ts, datagram);
                } // else: not TCP; its packets were counted as fragments
            }
            case OVERLAP_CONFLICT -> once(AnomalyType.IP_FRAGMENT_OVERLAP, ts, "ipv" + ip.version + " id=" + ip.fragmentId
                    + ", offset=" + ip.fragmentOffset);
            case OVER_BUDGET -> once(AnomalyType.IP_FRAGMENT_LIMIT, ts, "held=" + fragments.heldBytes() + " bytes, limit="
                    + FRAGMENT_BUDGET + " bytes in " + MAX_FRAGMENTED_DATAGRAMS + " datagrams");
            case BAD -> {
                ipMalformed++;
                once(AnomalyType.IP_BAD_HEADER, ts, "a fragment reaches past 65535 bytes");
            }
            case HELD -> {
            }
        }
    }

    private LinkDecoder linkDecoder(int linkType) {
        LinkDecoder d = linkDecoders.forType(linkType);
        cachedLinkType = linkType;
        cachedDecoder = d;
        return d;
    }

    private void tcpSegment(long ts, ByteBuffer data) {
        if (!tcp.decode(data, ip.payloadOffset, ip.payloadCapturedEnd, ip.payloadWireLength)) {
            tcpMalformed++;
            once(AnomalyType.TCP_BAD_HEADER, ts, tcp.problem);
            return;
        }
        int length = ip.addressLength;
        boolean srcIsServer = false;
        boolean dstIsServer = false;
        if (servers.length > 0) {
            for (ServerSpec s : servers) {
                srcIsServer |= s.matches(ip.source, length, tcp.sourcePort);
                dstIsServer |= s.matches(ip.destination, length, tcp.destinationPort);
            }
            if (!srcIsServer && !dstIsServer) {
                filteredOut++;
                filteredServers.count(ip, tcp);
                return;
            }
        }
        boolean srcIsA = probe.set(ip.version, ip.source, ip.destination, length, tcp.sourcePort, tcp.destinationPort);
        int side = srcIsA ? 0 : 1;
        TcpConnection c = connections.get(probe);
        boolean syn = tcp.has(TcpSegment.SYN);
        if (c != null && syn && isNewIncarnation(c, side, tcp.seq)) {
            TcpConnection old = c;
            retire(old, EndReason.STILL_OPEN, ts);
            portReuses++;
            c = create(side, srcIsServer, dstIsServer, ts);
            c.report(AnomalyType.TCP_PORT_REUSE, ts, "previous=" + old.id() + ", previous_end="
                    + old.endReason().reportName());
        } else if (c == null) {
            if (!syn && tcp.wireLength == 0 && (tcp.flags & (TcpSegment.FIN | TcpSegment.RST)) == 0) {
                orphanAcks++;
                return;
            }
            c = create(side, srcIsServer, dstIsServer, ts);
        } else {
            (c.ended() ? closed : open).moveToTail(c);
        }
        boolean wasOpen = !c.ended();
        c.segment(side, tcp, data, ts);
        if (wasOpen && c.ended()) {
            open.remove(c);
            closed.addLast(c);
        }
    }

    /** A SYN on a known tuple starts a new connection when the old one is over or the ISN clearly differs. */
    private static boolean isNewIncarnation(TcpConnection c, int side, int synSeq) {
        if (c.ended()) {
            return true;
        }
        HalfStream s = c.sides[side];
        if (s.synSeen) {
            return s.synSeq != synSeq;
        }
        return s.started && Math.abs(s.synDistance(synSeq)) > (1 << 20);
    }

    private TcpConnection create(int side, boolean srcIsServer, boolean dstIsServer, long ts) {
        makeRoom(connectionCap - 1, ts);
        boolean syn = tcp.has(TcpSegment.SYN);
        boolean ack = tcp.has(TcpSegment.ACK);
        boolean senderIsClient;
        String how;
        if (syn) {
            senderIsClient = !ack;
            how = "syn";
        } else if (dstIsServer || srcIsServer) {
            senderIsClient = dstIsServer;
            how = "server-spec";
        } else {
            int byPorts = ServerPorts.serverByPort(tcp.sourcePort, tcp.destinationPort);
            senderIsClient = byPorts >= 0;
            how = byPorts == 0 ? "first-packet" : "ports";
        }
        Endpoint src = new Endpoint(addressNames.of(ip.source, ip.addressLength), tcp.sourcePort);
        Endpoint dst = new Endpoint(addressNames.of(ip.destination, ip.addressLength), tcp.destinationPort);
        Endpoint a = side == 0 ? src : dst;
        Endpoint b = side == 0 ? dst : src;
        int clientSide = senderIsClient ? side : 1 - side;
        TcpConnection c = new TcpConnection(this, probe.copy(), ++nextId, a, b, clientSide, syn, ts);
        c.rolesFromSpec(!syn && srcIsServer != dstIsServer);
        connections.add(c);
        open.addLast(c);
        connectionsTotal++;
        peakConcurrent = Math.max(peakConcurrent, open.size());
        if (!syn) {
            c.report(AnomalyType.TCP_MIDSTREAM_START, ts, "roles_by=" + how);
        }
        StreamConsumer consumer = null;
        try {
            consumer = factory.open(c);
        } catch (RuntimeException e) {
            consumerErrors++;
            c.report(AnomalyType.TCP_CONSUMER_FAILED, ts, ConsumerFailure.detail(e));
            if (failFast) {
                throw new ConsumerFailure(c.id(), e);
            }
        }
        c.consumer(consumer);
        return c;
    }

    /**
     * The heap stayed nearly full after a collection (TCP_MEMORY_LIMIT): from now on a quarter fewer connections are
     * tracked (the least recently active over that are ended, so their state and the bytes they held go at the next
     * collection), and half as many out-of-order and unacknowledged bytes are held by all of them together.
     *
     * @return the new limits, for the anomaly's detail
     */
    public String relieve(long ts) {
        int tracked = connections.size();
        connectionCap = Math.min(connectionCap, Math.max(MIN_CONNECTION_CAP, tracked - tracked / 4));
        bufferedLimit = HeapPressure.halved(bufferedLimit, HeapPressure.FLOOR_BYTES);
        int compare = rings.tighten();
        makeRoom(connectionCap, ts);
        return "connections=" + connectionCap + " (" + tracked + " were tracked), reassembly_all=" + bufferedLimit
                + ", compare_all=" + compare;
    }

    /** Keeps at most {@code keep} connections: drop the oldest closed record, else evict the least recently active. */
    private void makeRoom(int keep, long ts) {
        while (connections.size() > keep) {
            TcpConnection victim = closed.first();
            if (victim != null) {
                forget(victim);
                continue;
            }
            victim = open.first();
            if (victim == null) {
                return;
            }
            evicted++;
            victim.report(AnomalyType.TCP_CONNECTION_LIMIT, ts, "limit=" + connectionCap
                    + (connectionCap < limits.maxConnections() ? " (lowered from " + limits.maxConnections()
                    + ": the heap was nearly full, see TCP_MEMORY_LIMIT)" : ""));
            retire(victim, EndReason.EVICTED, ts);
        }
    }

    /** Ends an open connection (if it still is) and removes it from the table. */
    private void retire(TcpConnection c, EndReason reason, long ts) {
        c.end(reason, -1, ts);
        forget(c);
    }

    private void forget(TcpConnection c) {
        if (c.list != null) {
            c.list.remove(c);
        }
        connections.remove(c.key);
    }

    private void advanceClock(long ts) {
        if (ts > now) {
            now = ts;
        }
        if (lastIdleCheck == Long.MIN_VALUE) {
            lastIdleCheck = now;
        } else if (now - lastIdleCheck >= IDLE_CHECK_INTERVAL) {
            lastIdleCheck = now;
            expire();
        }
    }

    private void expire() {
        long idle = limits.idleTimeoutNanos();
        for (TcpConnection c = closed.first(); c != null && now - c.lastNanos() > linger; c = closed.first()) {
            forget(c);
        }
        for (TcpConnection c = open.first(); c != null && now - c.lastNanos() > idle; c = open.first()) {
            idleClosed++;
            c.report(AnomalyType.TCP_IDLE_TIMEOUT, now, "idle_ns=" + (now - c.lastNanos()));
            retire(c, EndReason.IDLE_TIMEOUT, now);
        }
    }

    /**
     * The capture is over: every open connection is flushed (holes become gaps, buffered bytes are delivered) and
     * ended with STILL_OPEN, oldest activity first.
     */
    public void finish(long timestampNanos) {
        advanceClock(timestampNanos);
        long ts = Math.max(timestampNanos, now == Long.MIN_VALUE ? timestampNanos : now);
        for (TcpConnection c = open.first(); c != null; c = open.first()) {
            retire(c, EndReason.STILL_OPEN, ts);
        }
        for (TcpConnection c = closed.first(); c != null; c = closed.first()) {
            forget(c);
        }
        storedFiles.close();
        fragments.expire(Long.MAX_VALUE);
        if (fragments.expired() > 0) {
            global(AnomalyType.IP_FRAGMENT_INCOMPLETE, ts, "datagrams=" + fragments.expired());
        }
    }

    /** The servers of the TCP packets --server filtered out, with their packet counts (most first, a few at most). */
    public java.util.List<java.util.Map.Entry<String, Long>> filteredServers() {
        return filteredServers.top(5);
    }

    public TrackerStats stats() {
        return new TrackerStats(packets, bytes, linkTypeUnsupported, l2Truncated, nonIp, ipMalformed, nonTcp,
                ipFragments, tcpMalformed, filteredOut, orphanAcks, snaplenTruncated, connectionsTotal, open.size(),
                peakConcurrent, evicted, idleClosed, portReuses, reassemblyLimitHits, compareLimitHits, dataAfterClose, outOfWindow,
                consumerErrors);
    }

    /**
     * A view of the packet buffer for handing payload out, with the same indices as {@code data}. Reused while the
     * reader reuses its buffer (or, for heap buffers, its array), so in-order delivery allocates nothing.
     */
    ByteBuffer view(ByteBuffer data) {
        if (data == viewSource) {
            return view;
        }
        if (data.hasArray() && data.arrayOffset() == 0 && !data.isReadOnly()) {
            byte[] array = data.array();
            if (array != viewArray) {
                viewArray = array;
                view = ByteBuffer.wrap(array);
            }
        } else {
            viewArray = null;
            view = data.duplicate();
        }
        viewSource = data;
        return view;
    }

    private void once(AnomalyType type, long ts, String detail) {
        if (!reportedOnce[type.ordinal()]) {
            reportedOnce[type.ordinal()] = true;
            global(type, ts, detail);
        }
    }

    private void global(AnomalyType type, long ts, String detail) {
        anomalies.report(new Anomaly(type, ts, 0, 0, detail));
    }
}
