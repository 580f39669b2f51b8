package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.RunCount;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.ws.WebSocketDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The stream table of one HTTP/2 connection (RFC 9113 §5.1): which streams are open, the highest id each side
 * opened (a lower idle id is a closed stream), and each stream's emission as an exchange once both sides ended
 * it, it was reset, the open-stream limit pushed it out, or the connection ended.
 */
final class H2Streams {

    private final long connectionId;
    private final H2Side[] sides;
    private final LongSupplier exchangeIds;
    private final BiConsumer<HttpExchange, WebSocketDecoder> out;
    private final AnomalyAggregator anomalies;
    private final LinkedHashMap<Integer, H2Stream> open = new LinkedHashMap<>();
    /** Highest stream id opened by the client (odd, index 0) and by the server (even, index 1). */
    private final int[] highest = new int[2];
    private int sequence;
    private long opened;
    private long closed;
    private long reset;
    private Http2Decoder.Observer observer = new Http2Decoder.Observer() { };
    /** Streams open at once before the oldest is emitted incomplete. */
    private final int maxOpen;
    private final KeptBytes kept;
    /** The run's count of streams open beyond each connection's first, and this connection's part of it. */
    private final RunCount openAll;
    private final RunCount.Share openShare;

    H2Streams(long connectionId, H2Side[] sides, LongSupplier exchangeIds, BiConsumer<HttpExchange, WebSocketDecoder> out,
              AnomalyAggregator anomalies, int maxOpen, KeptBytes kept, RunCount openAll) {
        this.maxOpen = maxOpen;
        this.kept = kept;
        this.openAll = openAll;
        this.openShare = openAll.share();
        this.connectionId = connectionId;
        this.sides = sides;
        this.exchangeIds = exchangeIds;
        this.out = out;
        this.anomalies = anomalies;
    }

    void observe(Http2Decoder.Observer o) {
        observer = o;
    }

    /** The open streams by id, in opening order (shared with the connection-level frame rules). */
    LinkedHashMap<Integer, H2Stream> open() {
        return open;
    }

    H2Stream get(int id) {
        return open.get(id);
    }

    /** True when a PUSH_PROMISE may open {@code promised}: it is idle and above every id the server opened. */
    boolean mayPromise(int promised) {
        return !open.containsKey(promised) && promised > highest[1];
    }

    /** The open stream, a new one when {@code id} is idle, or null (closed: reported) for DATA/HEADERS. */
    H2Stream streamFor(Direction d, int id, String what, long ts) {
        H2Stream s = open.get(id);
        if (s != null) {
            return s;
        }
        int parity = (id & 1) == 1 ? 0 : 1;
        if (id <= highest[parity]) {
            anomalies.report(AnomalyType.H2_FRAME_ON_CLOSED_STREAM, ts, 0, "direction=" + d.shortName() + ", type="
                    + what + ", stream=" + id);
            return null;
        }
        return open(id, parity, ts);
    }

    /** Opens stream {@code id} (parity 0: client-initiated, 1: server-initiated). */
    H2Stream open(int id, int parity, long ts) {
        if (open.size() >= maxOpen) {
            giveUpOldest(ts, "limit=" + maxOpen);
        }
        while (!openShare.admit(open.size())) {
            giveUpOldest(ts, openAll.limitDetail());
        }
        H2Stream s = new H2Stream(id, kept);
        s.window[0] = sides[1].initialWindow;
        s.window[1] = sides[0].initialWindow;
        highest[parity] = Math.max(highest[parity], id);
        open.put(id, s);
        opened++;
        return s;
    }

    /** The oldest open stream is reported incomplete to make room. */
    private void giveUpOldest(long ts, String limit) {
        H2Stream oldest = open.values().iterator().next();
        oldest.pend(AnomalyType.H2_STREAM_INCOMPLETE, ts, "stream=" + oldest.id + ", reason=open-stream-limit");
        anomalies.report(AnomalyType.H2_OPEN_STREAMS_LIMIT, ts, 0, "stream=" + oldest.id + ", " + limit);
        emit(oldest, false, EndReason.EVICTED, ts);
    }

    void maybeClose(H2Stream s) {
        if (s.request.ended && s.response.ended && s.response.headersSeen) {
            emit(s, true, EndReason.FIN, Math.max(s.request.lastNanos, s.response.lastNanos));
        }
    }

    /** A RST_STREAM closed {@code s}. */
    void reset(H2Stream s, long ts) {
        s.reset = true;
        reset++;
        emit(s, true, EndReason.RST, ts);
    }

    /** The connection ended ({@code reason}, null when not known): every stream still open is emitted incomplete. */
    void endAll(EndReason reason, long ts) {
        String why = reason == null ? "end" : reason.reportName();
        for (H2Stream s : new ArrayList<>(open.values())) {
            s.pend(AnomalyType.H2_STREAM_INCOMPLETE, ts, "stream=" + s.id + ", reason=" + why
                    + ", request_ended=" + s.request.ended + ", response_ended=" + s.response.ended);
            emit(s, false, reason, ts);
        }
    }

    /**
     * A stream's decoded fields stay until it is emitted, so they hold the run's kept-bytes budget till then (RFC 9113
     * §6.5.2 counting): the per-direction budget bounds one connection, not a few dozen each with megabytes of fields
     * in open streams. With no room a block keeps only its pseudo-headers, as past the per-direction budget.
     */
    List<HttpHeader> hold(H2Stream s, List<HttpHeader> fields, Direction d, long ts) {
        long octets = 0;
        for (HttpHeader h : fields) {
            octets += HpackDynamicTable.entrySize(h);
        }
        if (octets == 0 || kept.take(octets)) {
            s.heldFieldBytes += octets;
            return fields;
        }
        anomalies.report(AnomalyType.H2_DECODED_HEADERS_LIMIT, ts, 0, "direction=" + d.shortName() + ", stream=" + s.id
                + ", " + kept.noRoom());
        return H2HeaderBlocks.pseudoOnly(fields);
    }

    long opened() {
        return opened;
    }

    long closed() {
        return closed;
    }

    long resets() {
        return reset;
    }

    /** {@code why} and {@code ts}: how and when the stream ended, for the WebSocket it may carry. */
    private void emit(H2Stream s, boolean closing, EndReason why, long ts) {
        if (open.remove(s.id) == null) {
            return;
        }
        openShare.settle(open.size());
        if (closing) {
            closed++;
        }
        for (H2Side side : sides) {
            if (side.dataStream == s) {
                side.dataStream = null;
            }
        }
        HttpRequest request = s.upgradeRequest != null ? s.upgradeRequest : H2Messages.request(s);
        HttpResponse response = H2Messages.response(s, request);
        // A message without its HEADERS (or an h2c stream 1's request) is not built: its kept DATA goes back too.
        s.request.prefix.take();
        s.response.prefix.take();
        kept.give(s.heldFieldBytes);
        s.heldFieldBytes = 0;
        long id = exchangeIds == null ? 0 : exchangeIds.getAsLong();
        WebSocketDecoder websocket = s.websocket == null ? null : s.websocket.end(why, ts, id);
        HttpExchange e = new HttpExchange(id, connectionId, sequence++, request, List.copyOf(s.interim), response,
                websocket != null ? "websocket"
                        : response != null && response.framing() == BodyFraming.TUNNEL ? "connect" : null);
        H2Messages.checkLength(s, s.request, request, null, "request");
        H2Messages.checkLength(s, s.response, request, response, "response");
        observer.exchange(s.id, e);
        out.accept(e, websocket);
        for (H2Stream.Pending p : s.pending) {
            anomalies.report(p.type(), p.ts(), id, p.detail());
        }
    }
}
