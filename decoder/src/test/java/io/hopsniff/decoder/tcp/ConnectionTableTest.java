package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The connection table finds what the JDK's HashMap finds, through growth, removals and probe runs that wrap. */
class ConnectionTableTest {

    @Test
    void behavesLikeAMapUnderRandomAddsAndRemoves() {
        ConnectionTable table = new ConnectionTable();
        Map<ConnectionKey, TcpConnection> model = new HashMap<>();
        List<ConnectionKey> keys = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            keys.add(key(i));
        }
        Random random = new Random(12656);
        for (int step = 0; step < 200_000; step++) {
            ConnectionKey k = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(3) > 0 && !model.containsKey(k)) {
                TcpConnection c = connection(k, step);
                table.add(c);
                model.put(k, c);
            } else {
                table.remove(k);
                model.remove(k);
            }
            if (step % 997 == 0) {
                for (ConnectionKey each : keys) {
                    assertThat(table.get(each)).as("step %d", step).isSameAs(model.get(each));
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
    }

    @Test
    void emptyAfterRemovingEverything() {
        ConnectionTable table = new ConnectionTable();
        List<ConnectionKey> keys = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            keys.add(key(i));
            table.add(connection(keys.get(i), i));
        }
        for (ConnectionKey k : keys) {
            table.remove(k);
            table.remove(k); // absent: nothing happens
        }
        assertThat(table.size()).isZero();
        keys.forEach(k -> assertThat(table.get(k)).isNull());
    }

    /** The 4-tuple 10.0.x.y:port -> 192.168.2.22:12656, as the tracker's probe makes it. */
    private static ConnectionKey key(int i) {
        ConnectionKey probe = new ConnectionKey();
        probe.set(4, new byte[] {10, 0, (byte) (i >> 8), (byte) i}, new byte[] {(byte) 192, (byte) 168, 2, 22}, 4,
                40000 + i % 20000, 12656);
        return probe.copy();
    }

    private static final TcpTracker TRACKER = new TcpTracker(TcpLimits.DEFAULTS, List.of(), null, null);

    private static TcpConnection connection(ConnectionKey key, long id) {
        Endpoint a = new Endpoint("10.0.0.1", 1);
        Endpoint b = new Endpoint("192.168.2.22", 12656);
        return new TcpConnection(TRACKER, key, id, a, b, 0, true, 0);
    }
}
