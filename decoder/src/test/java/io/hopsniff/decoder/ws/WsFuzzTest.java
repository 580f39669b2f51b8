package io.hopsniff.decoder.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Random and mutated byte streams, with gaps and odd ends, never throw or hang, with and without payload capture. */
class WsFuzzTest {

    private static final byte[] SEED = WsRun.hex(
            "81 85 37 fa 21 3d 7f 9f 4d 51 58 c1 07 f2 48 cd c9 c9 07 00 01 03 48 65 6c 89 00 80 02 6c 6f"
            + " 82 7e 00 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 88 82 37 fa 21 3d 34 12 88 02 03 e8");

    @Test
    @Timeout(60)
    void randomAndMutatedStreams() {
        Random rnd = new Random(6455);
        List<HttpExchange> handshakes = List.of(Exchanges.valid(), Exchanges.deflate("permessage-deflate"),
                Exchanges.deflate("permessage-deflate; server_no_context_takeover; client_no_context_takeover"));
        for (int iter = 0; iter < 5000; iter++) {
            byte[] data;
            if (iter % 2 == 0) {
                data = new byte[rnd.nextInt(300)];
                rnd.nextBytes(data);
            } else {
                data = SEED.clone();
                for (int m = rnd.nextInt(8); m >= 0; m--) {
                    data[rnd.nextInt(data.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            HttpExchange hs = handshakes.get(rnd.nextInt(handshakes.size()));
            WsConfig cfg = WsConfig.DEFAULTS.withPayloadBytesKept(rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(64));
            WebSocketDecoder d = new WebSocketDecoder(1, hs, cfg, a -> assertThat(a.detail()).isNotNull());
            d.setFrameListener(f -> assertThat(f.payloadLength()).isBetween(0L, cfg.maxFramePayload()));
            assertThatCode(() -> {
                int p = 0;
                while (p < data.length) {
                    int n = 1 + rnd.nextInt(Math.min(40, data.length - p));
                    Direction dir = rnd.nextInt(4) == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                    d.data(dir, ByteBuffer.wrap(data, p, n), p, 2_000_000L + p);
                    if (rnd.nextInt(30) == 0) {
                        d.gap(dir, p, rnd.nextInt(50), 2_000_000L + p);
                    }
                    p += n;
                }
                if (rnd.nextBoolean()) {
                    d.fin(Direction.SERVER_TO_CLIENT, 9);
                }
                d.end(EndReason.values()[rnd.nextInt(EndReason.values().length)], 10_000_000L);
                WebSocketSession s = d.session();
                assertThat(s.end()).isNotNull();
                d.keptMessages(Direction.SERVER_TO_CLIENT).forEach(m -> assertThat(m.prefix().length)
                        .isLessThanOrEqualTo(cfg.payloadBytesKept()));
            }).as("iteration " + iter).doesNotThrowAnyException();
        }
    }

    /**
     * Compressed sessions as RFC 7692 §7.2.1 makes them (one stream a direction, fragments with RSV1 on the first
     * only, client frames masked), then bits flipped anywhere: the inflater sees nearly valid DEFLATE data that
     * breaks at random places. Nothing throws, and every inflater's share of the run's memory comes back.
     */
    @Test
    @Timeout(60)
    void mutatedCompressedSessions() {
        Random rnd = new Random(7692);
        InflateBudget budget = new InflateBudget(new KeptBytes(1 << 20), new KeptBytes(64L << 20));
        for (int iter = 0; iter < 3000; iter++) {
            boolean fresh = rnd.nextBoolean();
            HttpExchange hs = Exchanges.deflate(fresh ? "permessage-deflate; server_no_context_takeover;"
                    + " client_no_context_takeover" : "permessage-deflate");
            java.io.ByteArrayOutputStream s2c = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream c2s = new java.io.ByteArrayOutputStream();
            java.util.zip.Deflater server = new java.util.zip.Deflater(rnd.nextInt(10), true);
            java.util.zip.Deflater client = new java.util.zip.Deflater(rnd.nextInt(10), true);
            for (int m = rnd.nextInt(6); m >= 0; m--) {
                boolean fromServer = rnd.nextBoolean();
                java.util.zip.Deflater z = fromServer ? server : client;
                if (fresh) {
                    z.reset();
                }
                byte[] text = new byte[rnd.nextInt(400)];
                for (int i = 0; i < text.length; i++) {
                    text[i] = (byte) (rnd.nextInt(8) == 0 ? 0x80 + rnd.nextInt(0x80) : 'a' + rnd.nextInt(26));
                }
                byte[] payload = Deflated.message(z, text);
                int split = payload.length > 1 && rnd.nextBoolean() ? 1 + rnd.nextInt(payload.length - 1)
                        : payload.length;
                java.io.ByteArrayOutputStream to = fromServer ? s2c : c2s;
                frame(to, split == payload.length ? 0xc1 : 0x41, payload, 0, split, !fromServer, rnd);
                if (split < payload.length) {
                    frame(to, 0x80, payload, split, payload.length, !fromServer, rnd);
                }
            }
            server.end();
            client.end();
            byte[] server2client = s2c.toByteArray();
            byte[] client2server = c2s.toByteArray();
            flip(server2client, rnd);
            flip(client2server, rnd);
            WsConfig cfg = WsConfig.DEFAULTS.withPayloadBytesKept(rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(64));
            WebSocketDecoder d = new WebSocketDecoder(1, hs, cfg, a -> assertThat(a.detail()).isNotNull(),
                    KeptBytes.unlimited(), budget);
            int at = iter;
            assertThatCode(() -> {
                feed(d, Direction.SERVER_TO_CLIENT, server2client, rnd);
                feed(d, Direction.CLIENT_TO_SERVER, client2server, rnd);
                d.end(EndReason.FIN, 10_000_000L);
            }).as("iteration " + at).doesNotThrowAnyException();
            assertThat(budget.inflaters().used()).as("iteration " + at).isZero();
        }
    }

    private static void flip(byte[] data, Random rnd) {
        for (int flips = rnd.nextInt(4); flips > 0 && data.length > 0; flips--) {
            data[rnd.nextInt(data.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
    }

    private static void feed(WebSocketDecoder d, Direction dir, byte[] data, Random rnd) {
        for (int p = 0; p < data.length; ) {
            int n = 1 + rnd.nextInt(Math.min(64, data.length - p));
            d.data(dir, ByteBuffer.wrap(data, p, n), p, 2_000_000L + p);
            p += n;
        }
    }

    /** A frame of {@code payload[from, to)}: 7- or 16-bit length, masked with a random key when {@code mask}. */
    private static void frame(java.io.ByteArrayOutputStream out, int first, byte[] payload, int from, int to,
                              boolean mask, Random rnd) {
        int len = to - from;
        out.write(first);
        int m = mask ? 0x80 : 0;
        if (len < 126) {
            out.write(m | len);
        } else {
            out.write(m | 126);
            out.write(len >> 8);
            out.write(len & 0xff);
        }
        byte[] key = new byte[4];
        if (mask) {
            rnd.nextBytes(key);
            out.write(key, 0, 4);
        }
        for (int i = 0; i < len; i++) {
            out.write(payload[from + i] ^ key[i & 3]);
        }
    }

    @Test
    @Timeout(30)
    void deflateBombIsBounded() {
        // 80 MiB of zeros compress to ~80 KB; inflating stops at the per-message budget and says the prefix is cut
        java.util.zip.Deflater def = new java.util.zip.Deflater(9, true);
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < 80; i++) {
            def.setInput(zeros);
            while (!def.needsInput()) {
                z.write(buf, 0, def.deflate(buf, 0, buf.length, java.util.zip.Deflater.NO_FLUSH));
            }
        }
        int n;
        while ((n = def.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH)) > 0) {
            z.write(buf, 0, n);
        }
        def.end();
        byte[] body = z.toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(10 + body.length - 4);
        frame.put((byte) 0xc2).put((byte) 127).putLong(body.length - 4).put(body, 0, body.length - 4).flip();
        WebSocketDecoder d = new WebSocketDecoder(1, Exchanges.deflate("permessage-deflate"),
                WsConfig.DEFAULTS.withPayloadBytesKept(16), a -> { });
        d.data(Direction.SERVER_TO_CLIENT, frame, 0, 1);
        d.end(EndReason.FIN, 100);
        assertThat(d.keptMessages(Direction.SERVER_TO_CLIENT)).singleElement().satisfies(m -> {
            assertThat(m.prefix()).hasSize(16).containsOnly(0);
            assertThat(m.complete()).isFalse();
        });
    }
}
