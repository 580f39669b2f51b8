package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.anomaly.Details;
import io.hopsniff.decoder.http.Headers;

import static io.hopsniff.decoder.h2.H2Names.CONTINUATION;
import static io.hopsniff.decoder.h2.H2Names.DATA;
import static io.hopsniff.decoder.h2.H2Names.FLAG_END_HEADERS;
import static io.hopsniff.decoder.h2.H2Names.FLAG_END_STREAM;
import static io.hopsniff.decoder.h2.H2Names.GOAWAY;
import static io.hopsniff.decoder.h2.H2Names.HEADERS;
import static io.hopsniff.decoder.h2.H2Names.PING;
import static io.hopsniff.decoder.h2.H2Names.PRIORITY;
import static io.hopsniff.decoder.h2.H2Names.PUSH_PROMISE;
import static io.hopsniff.decoder.h2.H2Names.RST_STREAM;
import static io.hopsniff.decoder.h2.H2Names.SETTINGS;
import static io.hopsniff.decoder.h2.H2Names.WINDOW_UPDATE;

import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.RunCount;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.ws.InflateBudget;
import io.hopsniff.decoder.ws.WebSocketDecoder;
import io.hopsniff.decoder.ws.WsConfig;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * HTTP/2 of both directions of one connection (RFC 9113, RFC 7541), prior knowledge or after an h2c upgrade.
 * Each stream becomes one {@link HttpExchange} when it closes (END_STREAM both ways, or RST_STREAM), or at
 * {@link #end} (incomplete). Nothing thrown on bad input; memory bounded by {@link H2Config} and a bound on open
 * streams.
 *
 * <p>Choices, where the RFCs leave an observer free:
 * <ul>
 * <li>Each direction has its own framing state and HPACK context. A gap loses that direction only: its remaining
 *     bytes are counted ({@code H2_FRAMES_UNDECODABLE}); the other direction goes on.</li>
 * <li>Limits are checked against what the <em>receiver</em> advertised: frame length against its
 *     SETTINGS_MAX_FRAME_SIZE, DATA against the windows it granted. Settings take effect when seen (an observer
 *     cannot see when a setting reached the sender).</li>
 * <li>Violations are reported and decoding goes on where the bytes still make sense (an oversized frame is
 *     decoded). A header block that cannot be decoded loses that direction's HPACK state: its later header blocks
 *     are counted, not decoded, and their messages carry no fields.</li>
 * <li>For an h2c upgrade, stream 1's request is the HTTP/1.1 upgrade request itself (RFC 9113 §3.2), kept as it
 *     was sent; its response is the server's HEADERS on stream 1. The request's HTTP2-Settings header counts as
 *     the client's first SETTINGS.</li>
 * <li>Requests carry {@code version "HTTP/2"}, {@code target} = {@code :path} ({@code :authority} for CONNECT),
 *     all fields in wire order with pseudo-headers as sent; {@code headBytes} is the HEADERS/CONTINUATION frames'
 *     octets including their 9-octet headers; {@code bodyBytes} is DATA content without padding. Framing is
 *     TUNNEL for a CONNECT answered 2xx, CONTENT_LENGTH when content-length was sent, else NONE (DATA frames
 *     delimit the body, there is no length to check).</li>
 * </ul>
 */
public final class Http2Decoder implements StreamConsumer {

    private static final long MAX_WINDOW = H2ConnectionFrames.MAX_WINDOW;

    private final H2Config cfg;
    private final AnomalyAggregator anomalies;
    private final H2Side[] sides = new H2Side[2];
    private final H2Streams streams;
    private final H2ConnectionFrames frames;
    private final long connectionId;
    /** Where the WebSockets of streams report: they tally their own anomalies, one per type a session. */
    private final AnomalySink rawAnomalies;
    private final WsConfig ws;
    private final KeptBytes kept;
    private final InflateBudget inflate;
    private boolean serverSpokeHttp2;
    private boolean clientPrefaceMismatch;
    private boolean ended;
    private H2ConnectionSummary summary;
    private Observer observer = new Observer() { };

    /** A test hook: sees every frame header and which stream each exchange came from. */
    interface Observer {
        default void frame(Direction d, int length, int type, int flags, int streamId) {
        }

        default void exchange(int streamId, HttpExchange e) {
        }
    }

    /**
     * @param upgrade the h2c Upgrade exchange whose 101 started HTTP/2, or null for prior knowledge
     */
    public Http2Decoder(long connectionId, HttpExchange upgrade, H2Config config, LongSupplier exchangeIds,
                        Consumer<HttpExchange> streams, AnomalySink anomalies) {
        this(connectionId, upgrade, config, exchangeIds, (e, ws) -> streams.accept(e), anomalies, KeptBytes.unlimited(),
                KeptBytes.unlimited(), RunCount.unlimited(), WsConfig.DEFAULTS, InflateBudget.unlimited());
    }

    /**
     * The octets the HPACK dynamic tables of all connections may hold together ({@code tables}): each table is
     * bounded (64 KiB), and 3 000 connections whose peers filled both ran the 176 MiB heap out of memory.
     */
    public static final long HPACK_TABLES_LIMIT = 24L << 20;
    /** Streams open beyond each connection's first, in a whole run, at most ({@code openStreams}). */
    public static final int OPEN_STREAMS_LIMIT = 20_000;

    /**
     * Each stream's exchange goes to {@code streams} with the WebSocket it carried (RFC 8441), ended, or null.
     * Shared with every other connection: {@code kept}, the run's budget for body prefixes; {@code tables}, for HPACK
     * dynamic tables ({@link #HPACK_TABLES_LIMIT}); {@code openStreams}, its count of open streams
     * ({@link #OPEN_STREAMS_LIMIT}); {@code inflate}, what inflating WebSocket messages may cost ({@code ws} says how
     * those are decoded).
     */
    public Http2Decoder(long connectionId, HttpExchange upgrade, H2Config config, LongSupplier exchangeIds,
                        BiConsumer<HttpExchange, WebSocketDecoder> streams, AnomalySink anomalies, KeptBytes kept,
                        KeptBytes tables, RunCount openStreams, WsConfig ws, InflateBudget inflate) {
        this.cfg = config == null ? H2Config.DEFAULTS : config;
        this.anomalies = new AnomalyAggregator(connectionId, anomalies);
        this.connectionId = connectionId;
        this.rawAnomalies = anomalies == null ? a -> { } : anomalies;
        this.ws = ws == null ? WsConfig.DEFAULTS : ws;
        this.kept = kept;
        this.inflate = inflate;
        int blockCap = cfg.maxHeaderListBytes() + 6 + 255; // pad length, priority fields, padding
        FrameReader.Sink sink = new ReaderSink();
        sides[0] = new H2Side(new FrameReader(Direction.CLIENT_TO_SERVER, true, blockCap, sink),
                new HpackDecoder(cfg.maxDynamicTable(), tables));
        sides[1] = new H2Side(new FrameReader(Direction.SERVER_TO_CLIENT, false, blockCap, sink),
                new HpackDecoder(cfg.maxDynamicTable(), tables));
        this.streams = new H2Streams(connectionId, sides, exchangeIds, streams == null ? (e, w) -> { } : streams,
                this.anomalies, cfg.maxOpenStreams(), kept, openStreams);
        this.frames = new H2ConnectionFrames(sides, this.streams.open(), this.anomalies);
        if (upgrade != null && upgrade.request() != null) {
            H2Stream s = this.streams.open(1, 0, 0);
            s.upgradeRequest = upgrade.request();
            s.request.headersSeen = true;
            s.request.ended = true;
            for (HttpHeader h : upgrade.request().headers()) {
                if (h.name().equalsIgnoreCase("HTTP2-Settings")) {
                    frames.fromUpgrade(h.value(), upgrade.request().headEndNanos());
                }
            }
        }
    }

    void observe(Observer o) {
        observer = o;
        streams.observe(o);
    }

    /** True once the server's first frame was a SETTINGS frame (its connection preface, RFC 9113 §3.4). */
    public boolean serverSpokeHttp2() {
        return serverSpokeHttp2;
    }

    /** The connection's counts; final after {@link #end}, a snapshot before. */
    public H2ConnectionSummary summary() {
        return summary != null ? summary : buildSummary();
    }

    @Override
    public void data(Direction direction, ByteBuffer bytes, long streamOffset, long timestampNanos) {
        if (ended || bytes == null) {
            return;
        }
        H2Side side = sides[direction.ordinal()];
        side.bytes += bytes.remaining();
        side.reader.feed(bytes.duplicate(), timestampNanos);
    }

    @Override
    public void gap(Direction direction, long streamOffset, long length, long timestampNanos) {
        if (ended) {
            return;
        }
        H2Side side = sides[direction.ordinal()];
        side.bytes += length;
        side.reader.count(length);
        if (!side.reader.lost()) {
            anomalies.report(AnomalyType.H2_FRAMES_UNDECODABLE, timestampNanos, 0, "direction=" + direction.shortName()
                    + ", offset=" + streamOffset + ", length=" + length + ", reason=gap");
            side.reader.lose();
            side.hpackLost = true;
            side.clearBlock();
            side.dataStream = null;
        }
        streams.open().values().forEach(s -> H2WebSocket.gap(s, direction, length, timestampNanos));
    }

    @Override
    public void end(EndReason reason, long timestampNanos) {
        if (ended) {
            return;
        }
        ended = true;
        streams.endAll(reason, timestampNanos);
        for (H2Side side : sides) {
            side.hpack.table().release();
        }
        anomalies.flush();
        summary = buildSummary();
    }

    // ------------------------------------------------------------------ frames

    private final class ReaderSink implements FrameReader.Sink {
        @Override
        public void frameStart(Direction d, int length, int type, int flags, int streamId, long ts) {
            onFrameStart(d, length, type, flags, streamId, ts);
        }

        @Override
        public void dataContent(Direction d, int streamId, ByteBuffer chunk, long ts) {
            onDataContent(d, chunk, ts);
        }

        @Override
        public void frameEnd(Direction d, int length, int type, int flags, int streamId, byte[] payload, int kept,
                             int padLength, long ts) {
            onFrameEnd(d, length, type, flags, streamId, payload, kept, padLength, ts);
        }

        @Override
        public void prefaceMismatch(Direction d, byte[] seen, int n, long ts) {
            String found = "found=" + Details.printable(seen, 0, n);
            if (d == Direction.CLIENT_TO_SERVER) {
                clientPrefaceMismatch = true;
                anomalies.report(AnomalyType.H2_CLIENT_PREFACE_INVALID, ts, 0, found);
            } else {
                anomalies.report(AnomalyType.H2_PREFACE_NOT_ANSWERED_WITH_SETTINGS, ts, 0,
                        "expected=SETTINGS frame, " + found);
            }
        }
    }

    private void onFrameStart(Direction d, int length, int type, int flags, int streamId, long ts) {
        int si = d.ordinal();
        H2Side side = sides[si];
        H2Side receiver = sides[1 - si];
        side.frames[type <= CONTINUATION ? type : 10]++;
        observer.frame(d, length, type, flags, streamId);
        side.frameTs = ts;
        if (si == 1) {
            serverSpokeHttp2 = true;
        }
        if (length > receiver.maxFrameSize) {
            anomalies.report(AnomalyType.H2_FRAME_SIZE_EXCEEDED, ts, 0, "direction=" + d.shortName() + ", type="
                    + H2Names.frameType(type) + ", stream=" + streamId + ", length=" + length + ", limit="
                    + receiver.maxFrameSize);
        }
        if (side.blockStream >= 0 && (type != CONTINUATION || streamId != side.blockStream)) {
            anomalies.report(AnomalyType.H2_CONTINUATION_MISSING, ts, 0, "direction=" + d.shortName() + ", stream="
                    + side.blockStream + ", found=" + H2Names.frameType(type) + " on stream " + streamId);
            side.clearBlock();
            side.hpackLost = true;
        } else if (type == CONTINUATION && side.blockStream < 0) {
            anomalies.report(AnomalyType.H2_CONTINUATION_UNEXPECTED, ts, 0, "direction=" + d.shortName()
                    + ", stream=" + streamId);
        }
        side.dataStream = null;
        if (type == DATA && streamId != 0) {
            side.dataStream = streams.streamFor(d, streamId, "DATA", ts);
        }
    }

    private void onDataContent(Direction d, ByteBuffer chunk, long ts) {
        H2Stream s = sides[d.ordinal()].dataStream;
        if (s == null) {
            return;
        }
        H2Stream.Message m = s.message(d.ordinal());
        int n = chunk.remaining();
        m.bodyBytes += n;
        if (s.websocket != null) {
            s.websocket.data(d, chunk, ts); // WebSocket frames, not a body: kept with --ws-payload-bytes
        } else {
            m.prefix.append(chunk, chunk.position(), n, cfg.bodyPrefixBytes());
        }
    }

    private void onFrameEnd(Direction d, int length, int type, int flags, int streamId, byte[] p, int kept,
                            int padLength, long ts) {
        int si = d.ordinal();
        H2Side side = sides[si];
        switch (type) {
            case DATA -> onData(d, length, flags, streamId, padLength, ts);
            case HEADERS, PUSH_PROMISE -> onHeaderBlockStart(d, length, type, flags, streamId, p, kept, ts);
            case CONTINUATION -> {
                if (side.blockStream >= 0 && side.blockStream == streamId) {
                    side.blockHeadBytes += FrameReader.HEADER_LENGTH + length;
                    side.append(p, 0, kept < length ? -1 : length, cfg.maxHeaderListBytes());
                    if ((flags & FLAG_END_HEADERS) != 0) {
                        finishBlock(d, side, side.blockBuf, 0, side.blockLen, side.blockOverflow, ts);
                    }
                }
            }
            case PRIORITY, PING -> {
                if (!H2ConnectionFrames.wellFormed(type, length, streamId)) {
                    malformed(d, type, streamId, length, ts);
                }
            }
            case RST_STREAM -> onRstStream(d, length, streamId, p, ts);
            case SETTINGS -> {
                if (!frames.settings(d, length, flags, streamId, p, kept, ts)) {
                    malformed(d, SETTINGS, streamId, length, ts);
                }
            }
            case GOAWAY -> {
                if (!frames.goaway(d, length, streamId, p, ts)) {
                    malformed(d, GOAWAY, streamId, length, ts);
                }
            }
            case WINDOW_UPDATE -> {
                if (!frames.windowUpdate(d, length, streamId, p)) {
                    malformed(d, WINDOW_UPDATE, streamId, length, ts);
                }
            }
            default -> {
                // unknown frame types are ignored (RFC 9113 §4.1, §5.5); counted in frames[10]
            }
        }
    }

    private void onData(Direction d, int length, int flags, int streamId, int padLength, long ts) {
        int si = d.ordinal();
        H2Side sender = sides[si];
        H2Stream s = sender.dataStream;
        sender.dataStream = null;
        if (streamId == 0 || padLength < 0) {
            malformed(d, DATA, streamId, length, ts);
            if (streamId == 0) {
                return;
            }
        }
        frames.dataSent(d, length, streamId, s, ts);
        if (s == null) {
            return;
        }
        H2Stream.Message m = s.message(si);
        m.lastNanos = ts;
        if ((flags & FLAG_END_STREAM) != 0) {
            ended(s, d, ts);
        }
    }

    /** {@code d} ended its side of {@code s} (END_STREAM). */
    private void ended(H2Stream s, Direction d, long ts) {
        s.message(d.ordinal()).ended = true;
        if (s.websocket != null) {
            s.websocket.ended(d, ts);
        }
        streams.maybeClose(s);
    }

    private void onHeaderBlockStart(Direction d, int length, int type, int flags, int streamId, byte[] p, int kept,
                                    long ts) {
        H2Side side = sides[d.ordinal()];
        H2HeaderBlocks.Fragment f = H2HeaderBlocks.fragment(d, length, type, flags, streamId, p, kept);
        int off = f.offset();
        int fragEnd = f.end();
        int promised = f.promised();
        if (f.malformed()) {
            malformed(d, type, streamId, length, ts);
            // the block's effect on the HPACK table is unknown: a real peer would have closed the connection
            side.hpackLost = true;
            return;
        }
        side.blockStream = streamId;
        side.blockType = type;
        side.blockFlags = flags;
        side.blockPromised = promised;
        side.blockFirstTs = side.frameTs;
        side.blockHeadBytes = FrameReader.HEADER_LENGTH + (long) length;
        side.blockLen = 0;
        boolean overflow = kept < fragEnd;
        if ((flags & FLAG_END_HEADERS) != 0) {
            finishBlock(d, side, p, off, overflow ? 0 : fragEnd - off, overflow, ts);
        } else {
            side.blockOverflow = false;
            side.append(p, off, overflow ? -1 : fragEnd - off, cfg.maxHeaderListBytes());
        }
    }

    private void finishBlock(Direction d, H2Side side, byte[] b, int off, int len, boolean overflow, long ts) {
        int streamId = side.blockStream;
        int type = side.blockType;
        int flags = side.blockFlags;
        int promised = side.blockPromised;
        long firstTs = side.blockFirstTs;
        long headBytes = side.blockHeadBytes;
        List<HttpHeader> fields = H2HeaderBlocks.decode(d, side, b, off, len, overflow, streamId, cfg, anomalies, ts);
        side.clearBlock();
        if (type == PUSH_PROMISE) {
            onPromise(d, streamId, promised, fields, headBytes, firstTs, ts);
        } else {
            onHeaders(d, streamId, flags, fields, headBytes, firstTs, ts);
        }
    }

    private void onHeaders(Direction d, int streamId, int flags, List<HttpHeader> fields, long headBytes,
                           long firstTs, long ts) {
        int si = d.ordinal();
        H2Stream s = streams.streamFor(d, streamId, "HEADERS", ts);
        if (s == null) {
            return;
        }
        H2Stream.Message m = s.message(si);
        List<HttpHeader> f = fields == null ? List.of() : streams.hold(s, fields, d, ts);
        boolean endStream = (flags & FLAG_END_STREAM) != 0;
        if (si == 1 && !s.response.headersSeen) {
            int status = H2Messages.parseStatus(Headers.of(f).first(":status"));
            if (status >= 100 && status < 200) {
                s.interim.add(new HttpResponse("HTTP/2", status, "", f, List.of(), firstTs, ts, ts, headBytes, 0,
                        new byte[0], BodyFraming.NONE, true));
                return;
            }
            if (status == 0) {
                String found = Headers.of(f).first(":status");
                s.pend(AnomalyType.H2_STATUS_INVALID, ts, "stream=" + streamId + ", found="
                        + (found == null ? "none" : Details.text(found)));
            }
            s.status = status;
        }
        if (!m.headersSeen) {
            m.head(f, headBytes, firstTs, ts);
            m.contentLength = H2Messages.parseLength(Headers.of(f).first("content-length"));
            if (si == 0) {
                H2WebSocket.pendExtendedConnect(s, f, sides[1].settings, ts);
            } else {
                s.websocket = H2WebSocket.open(connectionId, s, ws, rawAnomalies, kept, inflate);
            }
        } else {
            m.trailers = f;
            m.headBytes += headBytes;
            m.lastNanos = ts;
        }
        if (endStream) {
            ended(s, d, ts);
        }
    }

    private void onPromise(Direction d, int streamId, int promised, List<HttpHeader> fields, long headBytes,
                           long firstTs, long ts) {
        if (!streams.mayPromise(promised)) {
            malformed(d, PUSH_PROMISE, streamId, (int) headBytes, ts);
            return;
        }
        H2Stream s = streams.open(promised, 1, ts);
        s.pushed = true;
        s.request.head(fields, headBytes, firstTs, ts);
        s.request.ended = true; // RFC 9113 §8.4: a promised request has no content
    }

    private void onRstStream(Direction d, int length, int streamId, byte[] p, long ts) {
        if (length != 4 || streamId == 0) {
            malformed(d, RST_STREAM, streamId, length, ts);
            return;
        }
        String code = H2Names.errorCode(H2Messages.u32(p, 0));
        H2Stream s = streams.get(streamId);
        String detail = "stream=" + streamId + ", sender=" + d.shortName() + ", code=" + code;
        if (s == null) {
            anomalies.report(AnomalyType.H2_STREAM_RESET, ts, 0, detail + ", stream_state=closed-or-idle");
            return;
        }
        s.pend(AnomalyType.H2_STREAM_RESET, ts, detail);
        if (s.websocket != null) {
            s.websocket.reset(d, ts);
        }
        streams.reset(s, ts);
    }

    private void malformed(Direction d, int type, int streamId, int length, long ts) {
        anomalies.report(AnomalyType.H2_FRAME_MALFORMED, ts, 0, "direction=" + d.shortName() + ", type="
                + H2Names.frameType(type) + ", stream=" + streamId + ", length=" + length);
    }

    // ------------------------------------------------------------------ helpers

    private H2ConnectionSummary buildSummary() {
        return new H2ConnectionSummary(serverSpokeHttp2, sides[0].bytes >= H2Preface.BYTES.length && !clientPrefaceMismatch,
                sides[0].frameCounts(), sides[1].frameCounts(), sides[0].bytes, sides[1].bytes,
                sides[0].reader.skipped(), sides[1].reader.skipped(), streams.opened(), streams.closed(), streams.resets(),
                sides[0].goaway, sides[1].goaway,
                Collections.unmodifiableMap(new LinkedHashMap<>(sides[0].settings)),
                Collections.unmodifiableMap(new LinkedHashMap<>(sides[1].settings)));
    }
}
