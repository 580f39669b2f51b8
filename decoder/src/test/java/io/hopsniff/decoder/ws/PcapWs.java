package io.hopsniff.decoder.ws;

import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.http1.Http1Connection;
import io.hopsniff.decoder.http1.Http1Listener;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import io.hopsniff.decoder.tcp.TcpConnection;
import io.hopsniff.decoder.tcp.TcpLimits;
import io.hopsniff.decoder.tcp.TcpTracker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only pipeline: pcap → TcpTracker → Http1Connection → (after a 101 to "websocket") WebSocketDecoder.
 * Keeps, per WebSocket, the frames, the handshake, and the raw tunnel bytes of each direction (for the
 * re-split tests).
 */
final class PcapWs {

    /** One WebSocket found in the capture. */
    static final class Ws {
        final long connectionId;
        final HttpExchange handshake;
        final WebSocketDecoder decoder;
        final List<WsFrame> frames = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();
        /** The tunnel as it was fed: chunks in order, for replays. */
        final List<WsRun.Chunk> chunks = new ArrayList<>();
        final ByteArrayOutputStream[] raw = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        EndReason endReason;
        long endNanos;

        Ws(long connectionId, HttpExchange handshake, WsConfig cfg) {
            this.connectionId = connectionId;
            this.handshake = handshake;
            this.decoder = new WebSocketDecoder(connectionId, handshake, cfg, anomalies::add);
            decoder.setFrameListener(frames::add);
        }
    }

    final List<Ws> sockets = new ArrayList<>();
    final List<HttpExchange> exchanges = new ArrayList<>();
    /** Handshake-check anomalies of every exchange. */
    final List<Anomaly> handshakeAnomalies = new ArrayList<>();

    static PcapWs read(Path pcap, WsConfig cfg) throws Exception {
        PcapWs out = new PcapWs();
        AtomicLong ids = new AtomicLong();
        long[] last = {0};
        TcpTracker tracker = new TcpTracker(TcpLimits.DEFAULTS, List.of(), c -> out.new Pipe(c, cfg, ids), a -> { });
        CaptureFiles.read(pcap, (ts, link, data, len) -> {
            last[0] = Math.max(last[0], ts);
            tracker.packet(ts, link, data, len);
        });
        tracker.finish(last[0]);
        return out;
    }

    private final class Pipe implements StreamConsumer, Http1Listener {
        private final TcpConnection connection;
        private final WsConfig cfg;
        private final Http1Connection http;
        private Ws ws;

        Pipe(TcpConnection connection, WsConfig cfg, AtomicLong ids) {
            this.connection = connection;
            this.cfg = cfg;
            this.http = new Http1Connection(connection.id(), Http1Config.DEFAULTS, ids::incrementAndGet, this, a -> { });
        }

        @Override
        public void data(Direction d, ByteBuffer bytes, long off, long ts) {
            http.data(d, bytes, ts);
        }

        @Override
        public void gap(Direction d, long off, long length, long ts) {
            http.gap(d, length, ts);
        }

        @Override
        public void fin(Direction d, long ts) {
            http.fin(d, ts);
            if (ws != null) {
                ws.decoder.fin(d, ts);
            }
        }

        @Override
        public void rst(Direction d, long ts) {
            if (ws != null) {
                ws.decoder.rst(d, ts);
            }
        }

        @Override
        public void end(EndReason reason, long ts) {
            http.end(ts);
            if (ws != null) {
                ws.endReason = reason;
                ws.endNanos = ts;
                ws.decoder.end(reason, ts);
            }
        }

        @Override
        public void exchange(HttpExchange e) {
            exchanges.add(e);
            WebSocketHandshake.check(e, connection.id(), handshakeAnomalies::add, 0);
        }

        @Override
        public void switched(HttpExchange e, String protocol) {
            if (protocol.equals("websocket")) {
                ws = new Ws(connection.id(), e, cfg);
                sockets.add(ws);
            }
        }

        @Override
        public void tunnelData(Direction d, ByteBuffer bytes, long ts) {
            if (ws != null) {
                byte[] copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
                ws.chunks.add(new WsRun.Chunk(d, copy, ts));
                ws.raw[d.ordinal()].writeBytes(copy);
                ws.decoder.data(d, bytes, 0, ts);
            }
        }

        @Override
        public void tunnelGap(Direction d, long length, long ts) {
            if (ws != null) {
                ws.decoder.gap(d, 0, length, ts);
            }
        }
    }
}
