package io.hopsniff.decoder.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated traffic: no exception, termination, every byte accounted for by a consumer. */
class Http1FuzzTest {

    private static final String[] SEEDS = {
        "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n",
        "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "CONNECT h:443 HTTP/1.1\r\n\r\n",
        "PUT /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.0 200 OK\r\nX: a\r\n b\r\n\r\nclose-delimited",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    };

    @Test
    void randomAndMutatedInputsNeverThrowAndTerminate() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random rnd = new Random(0x5EED);
            for (int round = 0; round < 5000; round++) {
                Http1Config cfg = new Http1Config(16 + rnd.nextInt(300), rnd.nextInt(20), 1 + rnd.nextInt(5), rnd.nextInt(64));
                Harness.Result r = new Harness.Result();
                long[] ids = {0};
                Http1Connection c = new Http1Connection(1, cfg, () -> ++ids[0], r, r.anomalies::add);
                r.connection = c;
                if (rnd.nextInt(8) == 0) {
                    c.startMidStream(0);
                }
                int events = 1 + rnd.nextInt(12);
                for (int k = 0; k < events; k++) {
                    Direction d = rnd.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                    int what = rnd.nextInt(20);
                    if (what == 0) {
                        Harness.gap(r, c, d, rnd.nextInt(2000), k);
                    } else if (what == 1) {
                        c.fin(d, k);
                    } else {
                        byte[] b = input(rnd, d);
                        ByteBuffer buf = ByteBuffer.wrap(b);
                        Harness.data(r, c, d, buf, k);
                        assertThat(buf.hasRemaining()).isFalse();
                    }
                }
                c.end(EndReason.FIN, events);
                c.end(EndReason.FIN, events + 1);
                assertThat(r.exchanges).allSatisfy(e -> assertThat(e.request() != null || e.response() != null || !e.interim().isEmpty()).isTrue());
                for (int k = 0; k < r.exchanges.size(); k++) {
                    assertThat(r.exchanges.get(k).sequence()).isEqualTo(k);
                }
            }
        });
    }

    private static byte[] input(Random rnd, Direction d) {
        if (rnd.nextInt(5) == 0) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            return b;
        }
        int base = d == Direction.CLIENT_TO_SERVER ? rnd.nextInt(5) : 5 + rnd.nextInt(5);
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            sb.append(SEEDS[rnd.nextInt(3) == 0 ? rnd.nextInt(SEEDS.length) : base]);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int mutations = rnd.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(4)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] = (byte) "\r\n :;0123456789abcdefF\t".charAt(rnd.nextInt(23));
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                default -> b[at] = '\n';
            }
        }
        return b;
    }
}
