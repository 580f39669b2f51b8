package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Feeds byte chunks to a {@link WebSocketDecoder} and records frames, anomalies and the session. Buffers are
 * handed over at a non-zero position inside a larger array and scribbled over after each call.
 */
final class WsRun {

    /** One chunk of a transcript: direction, bytes, time. */
    record Chunk(Direction dir, byte[] bytes, long ts) {
    }

    final List<WsFrame> frames = new ArrayList<>();
    final List<Anomaly> anomalies = new ArrayList<>();
    final WebSocketDecoder decoder;

    WsRun(HttpExchange handshake, WsConfig config) {
        decoder = new WebSocketDecoder(3, handshake, config, anomalies::add);
        decoder.setFrameListener(frames::add);
    }

    static WsRun run(HttpExchange handshake, WsConfig config, List<Chunk> chunks, EndReason reason) {
        WsRun r = new WsRun(handshake, config);
        for (Chunk c : chunks) {
            r.feed(c.dir(), c.bytes(), 0, c.bytes().length, c.ts());
        }
        r.decoder.end(reason, 10_000_000L);
        return r;
    }

    void feed(Direction d, byte[] b, int from, int to, long ts) {
        byte[] big = new byte[to - from + 7];
        System.arraycopy(b, from, big, 5, to - from);
        ByteBuffer buf = ByteBuffer.wrap(big, 5, to - from);
        decoder.data(d, buf, 0, ts);
        Arrays.fill(big, (byte) 0x5A);
    }

    List<AnomalyType> types() {
        return anomalies.stream().map(Anomaly::type).collect(Collectors.toList());
    }

    /** Frames, session and anomalies in one comparable string. */
    String transcript() {
        StringBuilder sb = new StringBuilder();
        frames.forEach(f -> sb.append(f).append('\n'));
        sb.append(decoder.session()).append('\n');
        anomalies.forEach(a -> sb.append(a.type()).append(' ').append(a.detail()).append('\n'));
        for (Direction d : Direction.values()) {
            decoder.keptMessages(d).forEach(m -> sb.append(d.shortName()).append(' ').append(m.opcode())
                    .append(' ').append(m.wireBytes()).append(' ').append(m.complete()).append(' ')
                    .append(HexFormat.of().formatHex(m.prefix())).append('\n'));
        }
        return sb.toString();
    }

    /**
     * The same transcript fed split at every byte boundary of each chunk (two pieces per chunk) and byte by byte;
     * returns every run's transcript, the whole-chunk run first.
     */
    static List<String> splitRuns(HttpExchange hs, WsConfig cfg, List<Chunk> chunks, EndReason reason) {
        List<String> out = new ArrayList<>();
        out.add(run(hs, cfg, chunks, reason).transcript());
        int total = chunks.stream().mapToInt(c -> c.bytes().length).sum();
        for (int cut = 1; cut < total; cut++) {
            WsRun r = new WsRun(hs, cfg);
            int seen = 0;
            for (Chunk c : chunks) {
                int n = c.bytes().length;
                int at = cut - seen;
                if (at > 0 && at < n) {
                    r.feed(c.dir(), c.bytes(), 0, at, c.ts());
                    r.feed(c.dir(), c.bytes(), at, n, c.ts());
                } else {
                    r.feed(c.dir(), c.bytes(), 0, n, c.ts());
                }
                seen += n;
            }
            r.decoder.end(reason, 10_000_000L);
            out.add(r.transcript());
        }
        WsRun r = new WsRun(hs, cfg);
        for (Chunk c : chunks) {
            for (int i = 0; i < c.bytes().length; i++) {
                r.feed(c.dir(), c.bytes(), i, i + 1, c.ts());
            }
        }
        r.decoder.end(reason, 10_000_000L);
        out.add(r.transcript());
        return out;
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static Chunk c2s(String hex, long ts) {
        return new Chunk(Direction.CLIENT_TO_SERVER, hex(hex), ts);
    }

    static Chunk s2c(String hex, long ts) {
        return new Chunk(Direction.SERVER_TO_CLIENT, hex(hex), ts);
    }
}
