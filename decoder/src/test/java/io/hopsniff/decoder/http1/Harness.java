package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.StreamConsumer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Feeds a {@link Script} whole, split at every byte boundary of the whole transcript, and byte by byte, and
 * asserts every run describes the same exchanges, anomalies and tunnel bytes. Buffers are handed over with a
 * non-zero position inside a larger array, and scribbled over after each call, to catch kept references.
 */
final class Harness {

    static final class Result implements Http1Listener {
        final List<HttpExchange> exchanges = new ArrayList<>();
        final List<Anomaly> anomalies = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream tunnelC2s = new ByteArrayOutputStream();
        final ByteArrayOutputStream tunnelS2c = new ByteArrayOutputStream();
        String protocol;
        Http1Connection connection;
        private Direction lastTunnel;

        @Override
        public void exchange(HttpExchange e) {
            exchanges.add(e);
            events.add("X " + describe(e));
            lastTunnel = null;
        }

        /** Every byte fed each way at its stream offset (gaps as zeros): what tunnel offsets are checked against. */
        final ByteArrayOutputStream[] fed = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};

        @Override
        public StreamConsumer switched(HttpExchange e, String p) {
            protocol = p;
            events.add("S " + p + " " + e.id());
            lastTunnel = null;
            return new StreamConsumer() {
                @Override
                public void data(Direction d, ByteBuffer bytes, long offset, long ts) {
                    tunnelData(d, bytes, offset);
                }

                @Override
                public void gap(Direction d, long offset, long length, long ts) {
                    tunnelGap(d, offset, length);
                }
            };
        }

        private void tunnelData(Direction d, ByteBuffer bytes, long offset) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            byte[] stream = fed[d.ordinal()].toByteArray();
            assertThat(offset).as("tunnel offset within what was fed").isBetween(0L, (long) stream.length - copy.length);
            assertThat(java.util.Arrays.copyOfRange(stream, (int) offset, (int) offset + copy.length))
                    .as("the tunnel's bytes are the stream's bytes at their offset").isEqualTo(copy);
            (d == Direction.CLIENT_TO_SERVER ? tunnelC2s : tunnelS2c).writeBytes(copy);
            String hex = HexFormat.of().formatHex(copy);
            if (lastTunnel == d) {
                events.set(events.size() - 1, events.get(events.size() - 1) + hex);
            } else {
                events.add("T " + d.shortName() + " " + hex);
            }
            lastTunnel = d;
        }

        private void tunnelGap(Direction d, long offset, long length) {
            assertThat(offset).as("a tunnel gap starts within what was fed").isBetween(0L,
                    (long) fed[d.ordinal()].size());
            events.add("G " + d.shortName() + " " + length);
            lastTunnel = null;
        }

        List<AnomalyType> types() {
            return anomalies.stream().map(Anomaly::type).collect(Collectors.toList());
        }

        List<AnomalyType> typesWithoutBareLf() {
            return types().stream().filter(t -> t != AnomalyType.HTTP_BARE_LF).collect(Collectors.toList());
        }

        String tunnel(Direction d) {
            return (d == Direction.CLIENT_TO_SERVER ? tunnelC2s : tunnelS2c).toString(StandardCharsets.ISO_8859_1);
        }

        String transcript() {
            StringBuilder sb = new StringBuilder();
            events.forEach(e -> sb.append(e).append('\n'));
            anomalies.forEach(a -> sb.append("A ").append(a).append('\n'));
            for (Direction d : Direction.values()) {
                sb.append("N ").append(d.shortName()).append(' ').append(connection.nonHttpBytes(d)).append(' ')
                        .append(connection.undecodedBytes(d)).append('\n');
            }
            sb.append("P ").append(connection.switchedProtocol()).append('\n');
            return sb.toString();
        }
    }

    static String describe(HttpExchange e) {
        return e.id() + "/" + e.sequence() + " req=" + describe(e.request()) + " interim=" + e.interim().stream()
                .map(Harness::describe).collect(Collectors.toList()) + " resp=" + describe(e.response());
    }

    static String describe(HttpRequest r) {
        if (r == null) {
            return "null";
        }
        return String.join("|", r.method(), r.target(), r.version(), r.headers().toString(), r.trailers().toString(),
                r.firstByteNanos() + "," + r.headEndNanos() + "," + r.lastByteNanos(), r.headBytes() + "," + r.bodyBytes(),
                HexFormat.of().formatHex(r.bodyPrefix()), r.framing().toString(), Boolean.toString(r.complete()));
    }

    static String describe(HttpResponse r) {
        if (r == null) {
            return "null";
        }
        return String.join("|", r.version(), Integer.toString(r.status()), r.reason(), r.headers().toString(),
                r.trailers().toString(), r.firstByteNanos() + "," + r.headEndNanos() + "," + r.lastByteNanos(),
                r.headBytes() + "," + r.bodyBytes(), HexFormat.of().formatHex(r.bodyPrefix()), r.framing().toString(),
                Boolean.toString(r.complete()));
    }

    /** Runs the script once, unsplit, and returns its result after checking every split gives the same. */
    static Result run(Script script) {
        return run(script, Http1Config.DEFAULTS);
    }

    static Result run(Script script, Http1Config cfg) {
        Result whole = feed(script, cfg, -1, false);
        String expected = whole.transcript();
        long total = script.steps.stream().filter(s -> s.kind() == Script.Kind.DATA).mapToLong(s -> s.bytes().length).sum();
        for (long k = 1; k < total; k++) {
            String got = feed(script, cfg, k, false).transcript();
            if (!got.equals(expected)) {
                assertThat(got).as("split at byte %d of %d", k, total).isEqualTo(expected);
            }
        }
        assertThat(feed(script, cfg, -1, true).transcript()).as("byte by byte").isEqualTo(expected);
        return whole;
    }

    /** One run: {@code splitAt} is a position in the concatenated data bytes (or -1); or every byte alone. */
    static Result feed(Script script, Http1Config cfg, long splitAt, boolean byteByByte) {
        Result r = new Result();
        AtomicLong ids = new AtomicLong();
        Http1Connection c = new Http1Connection(7, cfg, ids::incrementAndGet, r, r.anomalies::add);
        r.connection = c;
        long offset = 0;
        for (int i = 0; i < script.steps.size(); i++) {
            Script.Step s = script.steps.get(i);
            long ts = Script.ts(i);
            switch (s.kind()) {
                case GAP -> {
                    c.gap(s.d(), r.fed[s.d().ordinal()].size(), s.gap(), ts);
                    r.fed[s.d().ordinal()].writeBytes(new byte[(int) s.gap()]);
                }
                case FIN -> c.fin(s.d(), ts);
                case DATA -> {
                    byte[] b = s.bytes();
                    if (byteByByte) {
                        for (int k = 0; k < b.length; k++) {
                            hand(r, c, s.d(), b, k, 1, ts);
                        }
                    } else if (splitAt > offset && splitAt < offset + b.length) {
                        int cut = (int) (splitAt - offset);
                        hand(r, c, s.d(), b, 0, cut, ts);
                        hand(r, c, s.d(), b, cut, b.length - cut, ts);
                    } else {
                        hand(r, c, s.d(), b, 0, b.length, ts);
                    }
                    offset += b.length;
                }
                default -> throw new AssertionError();
            }
        }
        c.end(EndReason.FIN, script.endTs());
        return r;
    }

    /** Feeds {@code bytes} at the next stream offset of {@code d}, recording them for the tunnel-offset check. */
    static void data(Result r, Http1Connection c, Direction d, ByteBuffer bytes, long ts) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        long streamOffset = r.fed[d.ordinal()].size();
        r.fed[d.ordinal()].writeBytes(copy);
        c.data(d, bytes, streamOffset, ts);
    }

    /** A gap of {@code length} bytes at the next stream offset of {@code d}. */
    static void gap(Result r, Http1Connection c, Direction d, int length, long ts) {
        c.gap(d, r.fed[d.ordinal()].size(), length, ts);
        r.fed[d.ordinal()].writeBytes(new byte[length]);
    }

    private static void hand(Result r, Http1Connection c, Direction d, byte[] b, int from, int len, long ts) {
        byte[] padded = new byte[len + 7];
        System.arraycopy(b, from, padded, 3, len);
        ByteBuffer buf = ByteBuffer.wrap(padded, 3, len);
        long streamOffset = r.fed[d.ordinal()].size();
        r.fed[d.ordinal()].write(b, from, len);
        c.data(d, buf, streamOffset, ts);
        assertThat(buf.remaining()).as("data() consumes everything").isZero();
        java.util.Arrays.fill(padded, (byte) 'Z');
    }

    private Harness() {
    }
}
