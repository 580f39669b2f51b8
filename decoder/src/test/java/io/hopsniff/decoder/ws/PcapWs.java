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
        TcpTracker tracker = new TcpTracker(TcpLimits.DEFAULTS, List.of(), c -> out.new Pipe(c, cfg).http(ids), a -> { });
        CaptureFiles.read(pcap, (ts, link, data, len) -> {
            last[0] = Math.max(last[0], ts);
            tracker.packet(ts, link, data, len);
        });
        tracker.finish(last[0]);
        return out;
    }

    /** HTTP/1 of one connection, whose 101 to "websocket" hands the rest to a WebSocketDecoder. */
    private final class Pipe implements Http1Listener {
        private final TcpConnection connection;
        private final WsConfig cfg;

        Pipe(TcpConnection connection, WsConfig cfg) {
            this.connection = connection;
            this.cfg = cfg;
        }

        Http1Connection http(AtomicLong ids) {
            return new Http1Connection(connection.id(), Http1Config.DEFAULTS, ids::incrementAndGet, this, a -> { });
        }

        @Override
        public void exchange(HttpExchange e) {
            exchanges.add(e);
            WebSocketHandshake.check(e, connection.id(), handshakeAnomalies::add, 0);
        }

        /** After a 101 to "websocket" the frames go to a WebSocketDecoder; the tunnel bytes are kept too. */
        @Override
        public StreamConsumer switched(HttpExchange e, String protocol) {
            if (!protocol.equals("websocket")) {
                return StreamConsumer.IGNORED;
            }
            Ws socket = new Ws(connection.id(), e, cfg);
            sockets.add(socket);
            return new StreamConsumer() {
                @Override
                public void data(Direction d, ByteBuffer bytes, long off, long ts) {
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.duplicate().get(copy);
                    socket.chunks.add(new WsRun.Chunk(d, copy, ts));
                    socket.raw[d.ordinal()].writeBytes(copy);
                    socket.decoder.data(d, bytes, off, ts);
                }

                @Override
                public void gap(Direction d, long off, long length, long ts) {
                    socket.decoder.gap(d, off, length, ts);
                }

                @Override
                public void fin(Direction d, long ts) {
                    socket.decoder.fin(d, ts);
                }

                @Override
                public void rst(Direction d, long ts) {
                    socket.decoder.rst(d, ts);
                }

                @Override
                public void end(EndReason reason, long ts) {
                    socket.endReason = reason;
                    socket.endNanos = ts;
                    socket.decoder.end(reason, ts);
                }
            };
        }
    }
}
