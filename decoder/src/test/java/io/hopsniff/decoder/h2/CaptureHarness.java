package io.hopsniff.decoder.h2;

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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only wiring of a capture to {@link Http2Decoder}: TCP reassembly, then per connection a first-bytes check
 * (client preface = prior knowledge, else HTTP/1.1 whose {@code switched(e, "h2c")} starts HTTP/2 on the tunnel
 * bytes, and whose {@code switched(e, "connect")} checks the tunnel for a preface in turn). Server bytes that
 * come before the client decided (a Go server sends SETTINGS on accept) are held and replayed.
 */
final class CaptureHarness {

    /** Records what reaches the decoder; the chunk boundaries are the capture's own. */
    static final class Recording {
        final Http2Decoder dec;
        final H2Script transcript;

        Recording(Http2Decoder dec, H2Script transcript) {
            this.dec = dec;
            this.transcript = transcript;
        }

        void data(Direction d, ByteBuffer b, long off, long ts) {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            transcript.raw(d, copy);
            dec.data(d, b, off, ts);
        }

        void gap(Direction d, long off, long len, long ts) {
            dec.gap(d, off, len, ts);
        }

        void end(EndReason r, long ts) {
            dec.end(r, ts);
        }
    }

    /** One HTTP/2 connection (or tunnel) as decoded. */
    static final class H2Conn {
        final String clientPort;
        final String serverPort;
        final boolean tunnelled;
        final List<String> frames = new ArrayList<>();     // "c2s 1 HEADERS 0x04 123"
        final List<Object[]> streams = new ArrayList<>();  // {streamId, HttpExchange}
        final List<Anomaly> anomalies = new ArrayList<>();
        Http2Decoder decoder;
        /** Every byte the decoder was given, in order, to be re-fed split. */
        final H2Script transcript = new H2Script();
        HttpExchange upgrade;

        H2Conn(String clientPort, String serverPort, boolean tunnelled) {
            this.clientPort = clientPort;
            this.serverPort = serverPort;
            this.tunnelled = tunnelled;
        }
    }

    final List<H2Conn> connections = new ArrayList<>();
    final AtomicLong ids = new AtomicLong();

    static CaptureHarness run(Path pcap) throws Exception {
        CaptureHarness h = new CaptureHarness();
        TcpTracker tracker = new TcpTracker(TcpLimits.DEFAULTS, List.of(), h::open, a -> { });
        CaptureFiles.read(pcap, tracker);
        tracker.finish(Long.MAX_VALUE / 2);
        return h;
    }

    private StreamConsumer open(TcpConnection c) {
        return new Sniffer(String.valueOf(c.client().port()), String.valueOf(c.server().port()), false);
    }

    /** Decides between HTTP/2 prior knowledge and HTTP/1.1 on the first client bytes. */
    final class Sniffer implements StreamConsumer, Http1Listener {
        private final String cport;
        private final String sport;
        private final boolean tunnel;
        private final ByteArrayOutputStream heldC = new ByteArrayOutputStream();
        private final ByteArrayOutputStream heldS = new ByteArrayOutputStream();
        private long heldTs;
        private Recording h2;
        private Http1Connection h1;
        private Sniffer inner;
        private boolean opaque;

        Sniffer(String cport, String sport, boolean tunnel) {
            this.cport = cport;
            this.sport = sport;
            this.tunnel = tunnel;
        }

        @Override
        public void data(Direction d, ByteBuffer bytes, long off, long ts) {
            if (h2 != null) {
                h2.data(d, bytes, off, ts);
                return;
            }
            if (h1 != null) {
                h1.data(d, bytes, off, ts);
                return;
            }
            if (opaque) {
                return;
            }
            byte[] b = new byte[bytes.remaining()];
            bytes.duplicate().get(b);
            (d == Direction.CLIENT_TO_SERVER ? heldC : heldS).writeBytes(b);
            heldTs = ts;
            decide(ts);
        }

        private void decide(long ts) {
            byte[] c = heldC.toByteArray();
            byte[] preface = FrameReader.PREFACE;
            int n = Math.min(c.length, preface.length);
            if (n == 0) {
                return;
            }
            if (!Arrays.equals(c, 0, n, preface, 0, n)) {
                if (tunnel) {
                    opaque = true;
                    return;
                }
                h1 = new Http1Connection(0, Http1Config.DEFAULTS, ids::incrementAndGet, this, a -> { });
                h1.data(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(c), 0, ts);
                byte[] s = heldS.toByteArray();
                if (s.length > 0) {
                    h1.data(Direction.SERVER_TO_CLIENT, ByteBuffer.wrap(s), 0, ts);
                }
                return;
            }
            if (n < preface.length) {
                return;
            }
            h2 = newDecoder(null, tunnel);
            byte[] s = heldS.toByteArray();
            if (s.length > 0) {
                h2.data(Direction.SERVER_TO_CLIENT, ByteBuffer.wrap(s), 0, ts);
            }
            h2.data(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(c), 0, ts);
        }

        private Recording newDecoder(HttpExchange upgrade, boolean tunnelled) {
            H2Conn conn = new H2Conn(cport, sport, tunnelled);
            connections.add(conn);
            Http2Decoder dec = new Http2Decoder(connections.size(), upgrade, H2Config.DEFAULTS,
                    ids::incrementAndGet, e -> { }, conn.anomalies::add);
            dec.observe(new Http2Decoder.Observer() {
                @Override
                public void frame(Direction d, int length, int type, int flags, int streamId) {
                    conn.frames.add(d.shortName() + " " + streamId + " " + H2Names.frameType(type) + " "
                            + String.format("0x%02x", flags) + " " + length);
                }

                @Override
                public void exchange(int streamId, HttpExchange e) {
                    conn.streams.add(new Object[] {streamId, e});
                }
            });
            conn.decoder = dec;
            conn.upgrade = upgrade;
            return new Recording(dec, conn.transcript);
        }

        @Override
        public void exchange(HttpExchange e) {
        }

        @Override
        public StreamConsumer switched(HttpExchange e, String protocol) {
            if (protocol.equals("h2c")) {
                h2Tunnel = newDecoder(e, false);
            } else if (protocol.equals("connect")) {
                inner = new Sniffer(cport, sport, true);
            }
            return new StreamConsumer() {
                @Override
                public void data(Direction d, ByteBuffer bytes, long off, long ts) {
                    if (h2Tunnel != null) {
                        h2Tunnel.data(d, bytes, off, ts);
                    } else if (inner != null) {
                        inner.data(d, bytes, off, ts);
                    }
                }

                @Override
                public void gap(Direction d, long off, long length, long ts) {
                    if (h2Tunnel != null) {
                        h2Tunnel.gap(d, off, length, ts);
                    } else if (inner != null) {
                        inner.gap(d, off, length, ts);
                    }
                }
            };
        }

        private Recording h2Tunnel;

        @Override
        public void gap(Direction d, long off, long length, long ts) {
            if (h2 != null) {
                h2.gap(d, off, length, ts);
            } else if (h1 != null) {
                h1.gap(d, off, length, ts);
            }
        }

        @Override
        public void fin(Direction d, long ts) {
            if (h1 != null) {
                h1.fin(d, ts);
            }
        }

        @Override
        public void end(EndReason reason, long ts) {
            if (h1 != null) {
                h1.end(reason, ts);
            }
            for (Recording d : new Recording[] {h2, h2Tunnel}) {
                if (d != null) {
                    d.end(reason, ts);
                }
            }
            if (inner != null) {
                inner.end(reason, ts);
            }
        }
    }
}
