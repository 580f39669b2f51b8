package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.Headers;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.RunCount;
import io.hopsniff.decoder.http.HttpResponse;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * HTTP/1.x of both directions of one connection (RFC 9112, RFC 9110): requests and responses are parsed by two
 * push state machines and paired in order (pipelining included); 101 and 2xx-to-CONNECT switch the connection
 * to tunnel mode. Nothing thrown on bad input; memory bounded by {@link Http1Config}.
 *
 * <p>Choices, where the RFCs leave an observer free:
 * <ul>
 * <li>A gap inside a body whose end is still known (Content-Length, chunk data, close-delimited) keeps the
 *     parser in sync: the message stays {@code complete=true}, the missing bytes count in {@code bodyBytes},
 *     {@code bodyPrefix} stops at the gap, and {@code HTTP_GAP_IN_BODY} says so. A gap in a head, a chunk-size
 *     line or a trailer section cuts the message ({@code complete=false}, {@code HTTP_GAP_IN_MESSAGE}) and the
 *     direction resynchronises at the next plausible start line. Every {@code complete=false} carries exactly
 *     one anomaly naming why (gap, limit, bad chunk, FIN/end, switch).</li>
 * <li>Client bytes are held after a request carrying Upgrade with {@code Connection: upgrade} (HTTP/1.1 only:
 *     RFC 9110 §7.8 makes servers ignore Upgrade in HTTP/1.0) or after a CONNECT request, once that request's
 *     body (if any, e.g. an {@code Upgrade: h2c} POST) has been read. Upgrade without the Connection token is
 *     reported ({@code HTTP_UPGRADE_WITHOUT_CONNECTION}) and not held, since a server will not switch; if one
 *     answers 101 anyway the connection still switches, from the client's current position.</li>
 * <li>A 101 that arrives before the request body ended emits the request as incomplete; the rest of that body
 *     (its length is known) is skipped before client bytes go to the tunnel.</li>
 * <li>When more than {@code maxPendingRequests} requests wait, or the run has as many waiting as it counts at most
 *     ({@link RunCount}, {@code limit_all=...}), the oldest is emitted unanswered
 *     ({@code HTTP_NO_RESPONSE}, detail {@code reason=pending-limit}; {@code HTTP_PENDING_LIMIT} each time).
 *     Its response, when it comes, is emitted alone ({@code HTTP_RESPONSE_WITHOUT_REQUEST},
 *     {@code reason=pending-limit}): responses come in request order, so pairing the later ones stays right.</li>
 * </ul>
 * Anomalies about a message are reported when its exchange is emitted, carrying the exchange id.
 *
 * <p>After a switch every later byte, gap, FIN, RST and the end go to the consumer the listener returned from
 * {@link Http1Listener#switched}, with their real stream offsets, so upgraded protocols stack on this one.
 */
public final class Http1Connection implements StreamConsumer {

    private final long connectionId;
    private final Http1Config cfg;
    private final KeptBytes kept;
    /** Requests waiting beyond each connection's first, in a whole run, at most (20-30 MB with their fields). */
    public static final int WAITING_LIMIT = 20_000;
    private final RunCount runLimit;
    /** This connection's part of the run's count of waiting requests. */
    private final RunCount.Share waiting;
    private final LongSupplier exchangeIds;
    private final Http1Listener listener;
    private final AnomalySink anomalies;
    private final Http1Parser client;
    private final Http1Parser server;
    private final ArrayDeque<PendingExchange> pending = new ArrayDeque<>();
    /** Client bytes held while an Upgrade/CONNECT awaits its answer; replaced by an empty one when taken. */
    private HeldBytes held;
    private PendingExchange holdingFor;
    private int sequence;
    private boolean pipelinedReported;
    private boolean heldLimitReported;
    /** Requests given up at the pending limit whose responses are still to come (they come first). */
    private long evictedAwaiting;
    /** The exchange collecting an evicted request's interim and final responses. */
    private PendingExchange evictedAnswer;
    private String switchedProtocol;
    /** What reads the bytes after the switch; a sink that ignores them until then. */
    private StreamConsumer tunnel = StreamConsumer.IGNORED;
    private boolean ended;

    public Http1Connection(long connectionId, Http1Config cfg, LongSupplier exchangeIds, Http1Listener listener,
                           AnomalySink anomalies) {
        this(connectionId, cfg, exchangeIds, listener, anomalies, KeptBytes.unlimited(), RunCount.unlimited());
    }

    /** {@code kept}, {@code waiting}: the run's budget for body prefixes and count of pipelined requests, shared. */
    public Http1Connection(long connectionId, Http1Config cfg, LongSupplier exchangeIds, Http1Listener listener,
                           AnomalySink anomalies, KeptBytes kept, RunCount waiting) {
        this.kept = kept;
        this.runLimit = waiting;
        this.waiting = waiting.share();
        this.connectionId = connectionId;
        this.cfg = cfg;
        this.exchangeIds = exchangeIds;
        this.listener = listener;
        this.anomalies = anomalies;
        this.client = new RequestParser(this, cfg);
        this.server = new ResponseParser(this, cfg);
        this.held = new HeldBytes(cfg.maxHeldBytes());
    }

    KeptBytes keptBytes() {
        return kept;
    }

    /** Consumes all of {@code bytes}; the buffer is not kept after the call. */
    @Override
    public void data(Direction d, ByteBuffer bytes, long streamOffset, long ts) {
        if (ended) {
            parser(d).countUndecoded(bytes.remaining());
            bytes.position(bytes.limit());
            return;
        }
        parser(d).data(bytes, streamOffset, ts);
    }

    /** {@code length} bytes of direction {@code d} were never seen. */
    @Override
    public void gap(Direction d, long streamOffset, long length, long ts) {
        if (!ended) {
            parser(d).gap(streamOffset, length, ts);
        }
    }

    /** The sender of {@code d} closed it: a close-delimited response ends at the server's FIN. */
    @Override
    public void fin(Direction d, long ts) {
        if (!ended) {
            parser(d).fin(ts);
            tunnel.fin(d, ts);
        }
    }

    @Override
    public void rst(Direction d, long ts) {
        // the end() that follows flushes the parsers; a switched-to protocol wants to know who reset
        tunnel.rst(d, ts);
    }

    /** The connection is over: cut messages are emitted incomplete, unanswered requests without a response. */
    @Override
    public void end(EndReason reason, long ts) {
        if (ended) {
            return;
        }
        client.end(ts);
        server.end(ts);
        if (!held.isEmpty()) {
            client.countUndecoded(held.length());
            takeHeld();
        }
        holdingFor = null;
        for (PendingExchange px : pending) {
            if (!px.requestDone) {
                px.requestDone = true;
            }
            if (!px.responseDone) {
                px.anomaly(AnomalyType.HTTP_NO_RESPONSE, ts, "reason=connection-end, interim=" + px.interim.size());
                px.responseDone = true;
            }
        }
        emitReady();
        ended = true;
        tunnel.end(reason, ts);
    }

    /**
     * Tells the decoder the capture began mid-connection (no SYN seen): both directions start by scanning for a
     * plausible start line instead of taking the first bytes as one. Call before any data.
     */
    public void startMidStream(long ts) {
        startMidStream(ts, 0, 0);
    }

    /** As {@link #startMidStream(long)}, after each side's first bytes (counted as skipped) held no message start. */
    public void startMidStream(long ts, long skippedClient, long skippedServer) {
        client.startMidStream(ts, skippedClient);
        server.startMidStream(ts, skippedServer);
    }

    public boolean switched() {
        return switchedProtocol != null;
    }

    /** The protocol switched to ("websocket", "h2c", "connect", ...), or null. */
    public String switchedProtocol() {
        return switchedProtocol;
    }

    /** Bytes of {@code d} that were not HTTP at a message start (TLS, binary), counted and skipped. */
    public long nonHttpBytes(Direction d) {
        return parser(d).nonHttpBytes();
    }

    /** Bytes of {@code d} seen but not decoded: skipped while resynchronising after a gap, or past a limit. */
    public long undecodedBytes(Direction d) {
        return parser(d).undecodedBytes();
    }

    // ---------------------------------------------------------------- called by the parsers

    void requestHead(MessageBuilder m, long ts) {
        if (!pipelinedReported) {
            for (PendingExchange px : pending) {
                if (!px.responseDone) {
                    pipelinedReported = true;
                    m.anomaly(AnomalyType.HTTP_PIPELINED, ts, "waiting=" + waitingCount());
                    break;
                }
            }
        }
        boolean connect = "CONNECT".equals(m.method);
        boolean upgrade = Headers.of(m.headers).has("Upgrade");
        boolean connectionUpgrade = Headers.of(m.headers).hasToken("Connection", "upgrade");
        if (upgrade && !connectionUpgrade) {
            m.anomaly(AnomalyType.HTTP_UPGRADE_WITHOUT_CONNECTION, ts, "upgrade=" + FramingRules.firstUpgradeToken(m.headers));
        }
        m.holdAfter = connect || (upgrade && connectionUpgrade && !"HTTP/1.0".equals(m.version));
        if (pending.size() >= cfg.maxPendingRequests()) {
            giveUpOldest(ts, "limit=" + cfg.maxPendingRequests());
        }
        while (!waiting.admit(pending.size())) {
            giveUpOldest(ts, runLimit.limitDetail());
        }
        PendingExchange px = new PendingExchange(m);
        m.pending = px;
        pending.addLast(px);
    }

    /** The oldest waiting request is given up, reported unanswered: its response, if it comes, is paired with none. */
    private void giveUpOldest(long ts, String limit) {
        PendingExchange oldest = pending.pollFirst();
        oldest.requestDone = true;
        oldest.responseDone = true;
        oldest.anomaly(AnomalyType.HTTP_NO_RESPONSE, ts, "reason=pending-limit, " + limit);
        report(AnomalyType.HTTP_PENDING_LIMIT, ts, limit);
        if (oldest.response == null) {
            evictedAwaiting++;
        }
        if (holdingFor == oldest) {
            holdingFor = null;
        }
        emit(oldest);
    }

    void requestDone(MessageBuilder m) {
        PendingExchange px = m.pending;
        px.requestDone = true;
        if (m.holdAfter && m.complete && !px.decided && !px.emitted) {
            holdingFor = px;
            client.enterHold();
        }
        emitReady();
    }

    /** The exchange a response head answers: the oldest one still waiting for its final response. */
    PendingExchange responseHead(MessageBuilder m, long ts) {
        if (evictedAwaiting > 0) {
            return answerToEvicted(m, ts);
        }
        PendingExchange px = null;
        for (PendingExchange p : pending) {
            if (p.response == null) {
                px = p;
                break;
            }
        }
        if (px == null) {
            px = new PendingExchange(null);
            m.anomaly(AnomalyType.HTTP_RESPONSE_WITHOUT_REQUEST, ts, "status=" + m.status);
            pending.addLast(px);
        }
        m.pending = px;
        if (!m.isInterim()) {
            px.response = m;
        }
        return px;
    }

    /** A response to a request given up at the pending limit: emitted on its own, ahead of the waiting ones. */
    private PendingExchange answerToEvicted(MessageBuilder m, long ts) {
        if (evictedAnswer == null) {
            evictedAnswer = new PendingExchange(null);
            m.anomaly(AnomalyType.HTTP_RESPONSE_WITHOUT_REQUEST, ts, "status=" + m.status + ", reason=pending-limit");
            pending.addFirst(evictedAnswer);
        }
        PendingExchange px = evictedAnswer;
        m.pending = px;
        if (!m.isInterim()) {
            px.response = m;
            evictedAwaiting--;
            evictedAnswer = null;
        }
        return px;
    }

    /** A final, non-switching response head: a held Upgrade/CONNECT request was refused, HTTP goes on. */
    void finalResponseHead(PendingExchange px, long ts) {
        px.decided = true;
        if (holdingFor == px) {
            holdingFor = null;
            if (client.isHolding()) {
                replayHeld(ts);
            }
        }
    }

    void responseDone(MessageBuilder m) {
        PendingExchange px = m.pending;
        if (px.emitted) {
            return;
        }
        if (m.isInterim()) {
            px.interim.add(m);
        } else {
            px.response = m;
            px.responseDone = true;
            emitReady();
        }
    }

    void switchProtocols(PendingExchange px, MessageBuilder response, long ts) {
        px.decided = true;
        px.response = response;
        px.responseDone = true;
        MessageBuilder rq = px.request;
        boolean connect = rq != null && "CONNECT".equals(rq.method);
        String protocol = connect ? "connect" : FramingRules.firstUpgradeToken(response.headers);
        if (protocol == null && rq != null) {
            protocol = FramingRules.firstUpgradeToken(rq.headers);
        }
        if (protocol == null) {
            protocol = "unknown";
        }
        switchedProtocol = protocol;
        px.switchedTo = protocol;
        response.anomaly(connect ? AnomalyType.HTTP_CONNECT_TUNNEL : AnomalyType.HTTP_UPGRADE, ts,
                "protocol=" + protocol + ", status=" + response.status);
        if (rq != null && !px.requestDone) {
            rq.complete = false;
            rq.lastByteNanos = client.lastDataTs();
            rq.anomaly(AnomalyType.HTTP_INCOMPLETE_MESSAGE, ts, "the connection switched before the request body ended");
            px.requestDone = true;
        }
        while (!pending.isEmpty() && pending.peekFirst() != px) {
            PendingExchange earlier = pending.pollFirst();
            earlier.requestDone = true;
            if (!earlier.responseDone) {
                earlier.responseDone = true;
                earlier.anomaly(AnomalyType.HTTP_NO_RESPONSE, ts, "reason=switched-by-a-later-response");
            }
            emit(earlier);
        }
        if (!px.emitted) {
            pending.remove(px);
            emit(px);
        }
        tunnel = listener.switched(px.exchange, protocol);
        boolean wasHolding = client.isHolding();
        holdingFor = null;
        client.enterTunnel(ts);
        if (wasHolding) {
            HeldBytes h = takeHeld();
            for (int s = 0; s < h.segments(); s++) {
                int from = h.start(s);
                tunnel.data(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(h.array(), from, h.end(s) - from).slice(),
                        h.offset(s), h.time(s));
            }
            if (h.lost() > 0) {
                tunnel.gap(Direction.CLIENT_TO_SERVER, h.lostOffset(), h.lost(), ts);
            }
        }
    }

    void hold(ByteBuffer b, int from, int to, long offset, long ts) {
        int dropped = held.add(b, from, to - from, offset, ts);
        if (dropped > 0) {
            client.countUndecoded(dropped);
            if (!heldLimitReported) {
                heldLimitReported = true;
                report(AnomalyType.HTTP_HELD_BYTES_LIMIT, ts, "limit=" + cfg.maxHeldBytes());
            }
        }
    }

    void holdGap(long offset, long length) {
        held.gap(offset, length);
    }

    void tunnel(Direction d, ByteBuffer b, int from, int to, long offset, long ts) {
        ByteBuffer view = from == b.position() && to == b.limit() ? b : b.slice(from, to - from);
        tunnel.data(d, view, offset, ts);
    }

    void tunnelGap(Direction d, long offset, long length, long ts) {
        tunnel.gap(d, offset, length, ts);
    }

    /** A finding about the connection rather than one exchange. */
    void report(AnomalyType type, long ts, String detail) {
        anomalies.report(new Anomaly(type, ts, connectionId, 0, detail));
    }

    /** Reports the findings of a message that will never be part of an exchange. */
    void flush(MessageBuilder m) {
        for (Anomaly a : m.anomalies()) {
            anomalies.report(new Anomaly(a.type(), a.timestampNanos(), connectionId, 0, a.detail()));
        }
        m.discard();
    }

    // ---------------------------------------------------------------- internals

    private HeldBytes takeHeld() {
        HeldBytes h = held;
        held = new HeldBytes(cfg.maxHeldBytes());
        return h;
    }

    private Http1Parser parser(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? client : server;
    }

    private int waitingCount() {
        int n = 0;
        for (PendingExchange px : pending) {
            if (!px.responseDone) {
                n++;
            }
        }
        return n;
    }

    /** Client bytes held for a refused Upgrade/CONNECT are parsed as HTTP, with their own timestamps. */
    private void replayHeld(long ts) {
        HeldBytes h = takeHeld();
        client.leaveHold();
        for (int s = 0; s < h.segments(); s++) {
            int from = h.start(s);
            client.data(ByteBuffer.wrap(h.array(), from, h.end(s) - from), h.offset(s), h.time(s));
        }
        if (h.lost() > 0) {
            client.gap(h.lostOffset(), h.lost(), ts);
        }
    }

    private void emitReady() {
        while (!pending.isEmpty()) {
            PendingExchange px = pending.peekFirst();
            if (!px.requestDone || !px.responseDone) {
                return;
            }
            pending.pollFirst();
            emit(px);
        }
    }

    private void emit(PendingExchange px) {
        waiting.settle(pending.size()); // px has left the queue
        long id = exchangeIds.getAsLong();
        List<HttpResponse> interim = new ArrayList<>(px.interim.size());
        for (MessageBuilder m : px.interim) {
            interim.add(m.toResponse());
        }
        HttpExchange e = new HttpExchange(id, connectionId, sequence++,
                px.request == null ? null : px.request.toRequest(), List.copyOf(interim),
                px.response == null ? null : px.response.toResponse(), px.switchedTo);
        px.emitted = true;
        px.exchange = e;
        // Anomalies first: a listener that files the exchange away at once can still attach them to it.
        if (px.request != null) {
            reportAll(px.request.anomalies(), id);
        }
        for (MessageBuilder m : px.interim) {
            reportAll(m.anomalies(), id);
        }
        if (px.response != null) {
            reportAll(px.response.anomalies(), id);
        }
        if (px.anomalies != null) {
            reportAll(px.anomalies, id);
        }
        listener.exchange(e);
    }

    private void reportAll(List<Anomaly> list, long id) {
        for (int i = 0, n = list.size(); i < n; i++) {
            Anomaly a = list.get(i);
            anomalies.report(new Anomaly(a.type(), a.timestampNanos(), connectionId, id, a.detail()));
        }
    }
}
