package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Builds HTTP/2 transcripts frame by frame (RFC 9113 §4.1 layout) and runs them, whole or split. */
final class H2Script {

    static final Direction C = Direction.CLIENT_TO_SERVER;
    static final Direction S = Direction.SERVER_TO_CLIENT;

    record Chunk(Direction d, byte[] bytes) {
    }

    final List<Chunk> chunks = new ArrayList<>();

    static H2Script prior() {
        return new H2Script().raw(C, FrameReader.PREFACE).frame(C, H2Names.SETTINGS, 0, 0)
                .frame(S, H2Names.SETTINGS, 0, 0);
    }

    H2Script raw(Direction d, byte[] b) {
        chunks.add(new Chunk(d, b));
        return this;
    }

    H2Script raw(Direction d, String ascii) {
        return raw(d, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    H2Script frame(Direction d, int type, int flags, int stream, byte... payload) {
        return raw(d, frameBytes(type, flags, stream, payload.length, payload));
    }

    /** A frame whose header declares {@code declared} octets, followed by {@code payload}. */
    static byte[] frameBytes(int type, int flags, int stream, int declared, byte[] payload) {
        return io.hopsniff.testkit.Http2Bytes.frame(type, flags, stream, declared, payload);
    }

    H2Script headers(Direction d, int stream, int flags, String... nameValues) {
        return frame(d, H2Names.HEADERS, flags, stream, block(nameValues));
    }

    /** Literal header fields without indexing, no Huffman (RFC 7541 §6.2.2). */
    static byte[] block(String... nv) {
        return literals(0, nv);
    }

    /** Literal header fields with incremental indexing, new names, no Huffman (RFC 7541 §6.2.1). */
    static byte[] indexedBlock(String... nv) {
        return literals(0x40, nv);
    }

    /** Literal fields with a new name: the representation's first octet, then name and value strings. */
    private static byte[] literals(int representation, String... nv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nv.length; i += 2) {
            out.write(representation);
            str(out, nv[i]);
            str(out, nv[i + 1]);
        }
        return out.toByteArray();
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(io.hopsniff.testkit.Http2Bytes.integer(b.length, 7, 0));
        out.writeBytes(b);
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] setting(int id, long value) {
        byte[] v = u32(value);
        return new byte[] {(byte) (id >>> 8), (byte) id, v[0], v[1], v[2], v[3]};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** What a run produced. */
    static final class Result {
        final List<HttpExchange> exchanges = new ArrayList<>();
        /** The WebSocket each exchange carried (RFC 8441), by exchange id. */
        final java.util.Map<Long, io.hopsniff.decoder.ws.WebSocketSession> websockets = new java.util.HashMap<>();
        final List<Integer> streamIds = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();
        Http2Decoder decoder;

        List<AnomalyType> types() {
            return anomalies.stream().map(Anomaly::type).collect(Collectors.toList());
        }

        Anomaly first(AnomalyType t) {
            return anomalies.stream().filter(a -> a.type() == t).findFirst()
                    .orElseThrow(() -> new AssertionError(t + " not reported: " + anomalies));
        }

        /** A comparable description of everything but timestamps-independent object identity. */
        String describe() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < exchanges.size(); i++) {
                HttpExchange e = exchanges.get(i);
                sb.append(streamIds.get(i)).append(' ').append(e.id()).append(' ').append(e.sequence()).append(' ');
                if (e.request() != null) {
                    var r = e.request();
                    sb.append(r.method()).append(' ').append(r.target()).append(' ').append(r.headers())
                            .append(r.trailers()).append(r.headBytes()).append('/').append(r.bodyBytes())
                            .append('/').append(new String(r.bodyPrefix(), StandardCharsets.ISO_8859_1))
                            .append(r.framing()).append(r.complete());
                }
                sb.append(" | ").append(e.interim().stream().map(x -> x.status()).toList()).append(" | ");
                if (e.response() != null) {
                    var r = e.response();
                    sb.append(r.status()).append(' ').append(r.headers()).append(r.trailers()).append(r.headBytes())
                            .append('/').append(r.bodyBytes()).append('/')
                            .append(new String(r.bodyPrefix(), StandardCharsets.ISO_8859_1)).append(r.framing())
                            .append(r.complete());
                }
                sb.append('\n');
            }
            anomalies.forEach(a -> sb.append(a.type()).append(' ').append(a.transactionId()).append(' ')
                    .append(a.detail()).append('\n'));
            sb.append(decoder.summary());
            return sb.toString();
        }
    }

    /** The run's kept-bytes budget the decoder is given (unlimited unless set). */
    private io.hopsniff.decoder.http.KeptBytes budget = io.hopsniff.decoder.http.KeptBytes.unlimited();

    H2Script budget(io.hopsniff.decoder.http.KeptBytes b) {
        this.budget = b;
        return this;
    }

    /** The run's budget for HPACK tables the decoder is given (unlimited unless set). */
    private io.hopsniff.decoder.http.KeptBytes tables = io.hopsniff.decoder.http.KeptBytes.unlimited();

    H2Script tables(io.hopsniff.decoder.http.KeptBytes b) {
        this.tables = b;
        return this;
    }

    /** The run's count of open streams the decoder is given (unlimited unless set). */
    private io.hopsniff.decoder.http.RunCount openAll = io.hopsniff.decoder.http.RunCount.unlimited();

    H2Script openAll(io.hopsniff.decoder.http.RunCount c) {
        this.openAll = c;
        return this;
    }

    Result run(H2Config cfg, HttpExchange upgrade) {
        return run(cfg, upgrade, List.of());
    }

    /** Runs with each chunk split at the given offsets of the whole transcript. */
    Result run(H2Config cfg, HttpExchange upgrade, List<Integer> splits) {
        Result r = new Result();
        AtomicLong ids = new AtomicLong();
        r.decoder = new Http2Decoder(7, upgrade, cfg, ids::incrementAndGet, (e, ws) -> {
            r.exchanges.add(e);
            if (ws != null) {
                r.websockets.put(e.id(), ws.session());
            }
        }, r.anomalies::add, budget, tables, openAll, io.hopsniff.decoder.ws.WsConfig.DEFAULTS,
                io.hopsniff.decoder.ws.InflateBudget.unlimited());
        r.decoder.observe(new Http2Decoder.Observer() {
            @Override
            public void exchange(int streamId, HttpExchange e) {
                r.streamIds.add(streamId);
            }
        });
        long[] offsets = new long[2];
        int at = 0;
        for (Chunk c : chunks) {
            int start = 0;
            for (int s : splits) {
                if (s > at && s < at + c.bytes.length) {
                    feed(r.decoder, c.d, c.bytes, start, s - at, offsets);
                    start = s - at;
                }
            }
            feed(r.decoder, c.d, c.bytes, start, c.bytes.length, offsets);
            at += c.bytes.length;
        }
        r.decoder.end(EndReason.FIN, 99);
        return r;
    }

    int length() {
        return chunks.stream().mapToInt(c -> c.bytes.length).sum();
    }

    private static void feed(Http2Decoder d, Direction dir, byte[] b, int from, int to, long[] offsets) {
        if (to <= from) {
            return;
        }
        // hand over a buffer with a non-zero position inside a larger array, scribbled over afterwards
        byte[] big = new byte[to - from + 10];
        System.arraycopy(b, from, big, 5, to - from);
        ByteBuffer buf = ByteBuffer.wrap(big, 5, to - from);
        d.data(dir, buf, offsets[dir.ordinal()], 1);
        offsets[dir.ordinal()] += to - from;
        java.util.Arrays.fill(big, (byte) 0x55);
    }
}
