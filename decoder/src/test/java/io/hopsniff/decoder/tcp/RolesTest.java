package io.hopsniff.decoder.tcp;

import static io.hopsniff.decoder.tcp.Direction.CLIENT_TO_SERVER;
import static io.hopsniff.decoder.tcp.Direction.SERVER_TO_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who is the client: SYN, SYN+ACK, --server, ports, first packet; and the upper layer's correction. */
class RolesTest {

    @Test
    void synSenderIsTheClient() {
        Harness h = new Harness();
        h.raw(Seg.of("10.0.0.9", 80, "10.0.0.1", 50000).seq(1).flags(Seg.SYN)); // odd ports, SYN still decides
        TcpConnection c = h.conn(1).connection;
        assertThat(c.client()).isEqualTo(new Endpoint("10.0.0.9", 80));
        assertThat(c.rolesFromSyn()).isTrue();
        assertThat(h.count(AnomalyType.TCP_MIDSTREAM_START)).isZero();
    }

    @Test
    void synAckSenderIsTheServer() {
        Harness h = new Harness();
        h.raw(Seg.of("10.0.0.9", 50000, "10.0.0.1", 80).seq(1).ack(7).flags(Seg.SYN | Seg.ACK));
        TcpConnection c = h.conn(1).connection;
        assertThat(c.server()).isEqualTo(new Endpoint("10.0.0.9", 50000));
        assertThat(c.rolesFromSyn()).isTrue();
        assertThat(c.history()).isEqualTo("h");
    }

    @Test
    void serverSpecDecidesMidStream() {
        Harness h = new Harness(TcpLimits.DEFAULTS, List.of(ServerSpec.parse("10.0.0.9:50000")));
        h.raw(Seg.of("10.0.0.9", 50000, "10.0.0.1", 80).seq(1).payload("HTTP/1.1 200 OK\r\n"));
        TcpConnection c = h.conn(1).connection;
        assertThat(c.server()).isEqualTo(new Endpoint("10.0.0.9", 50000));
        assertThat(h.events(1)).containsExactly("data s2c 0 HTTP/1.1 200 OK\r\n");
    }

    @Test
    void wellKnownThenLowPortThenFirstDestination() {
        Harness h = new Harness();
        h.raw(Seg.of("10.0.0.1", 12656, "10.0.0.2", 41000).seq(1).payload("a"));   // well-known source
        h.raw(Seg.of("10.0.0.1", 40000, "10.0.0.2", 22).seq(1).payload("b"));      // low port destination
        h.raw(Seg.of("10.0.0.1", 40001, "10.0.0.2", 40002).seq(1).payload("c"));   // first destination
        assertThat(h.conn(1).connection.server()).isEqualTo(new Endpoint("10.0.0.1", 12656));
        assertThat(h.conn(2).connection.server()).isEqualTo(new Endpoint("10.0.0.2", 22));
        assertThat(h.conn(3).connection.server()).isEqualTo(new Endpoint("10.0.0.2", 40002));
        assertThat(h.count(AnomalyType.TCP_MIDSTREAM_START)).isEqualTo(3);
    }

    @Test
    void swapRolesReversesDirectionsAndCountersFollowTheEndpoints() {
        Harness h = new Harness();
        h.swapWhenStartsWith = "HTTP/";
        // guessed wrong: high port to high port, the first packet goes to the real client
        h.raw(Seg.of("10.0.0.5", 30000, "10.0.0.6", 40000).seq(100).payload("HTTP/1.1 200 OK\r\n\r\n"));
        h.raw(Seg.of("10.0.0.6", 40000, "10.0.0.5", 30000).seq(900).payload("GET /next HTTP/1.1\r\n\r\n"));
        TcpConnection c = h.conn(1).connection;
        assertThat(c.client()).isEqualTo(new Endpoint("10.0.0.6", 40000));
        assertThat(c.server()).isEqualTo(new Endpoint("10.0.0.5", 30000));
        assertThat(c.rolesFromSyn()).isFalse();
        assertThat(h.events(1)).containsExactly("data s2c 0 HTTP/1.1 200 OK\r\n\r\n", "data c2s 0 GET /next HTTP/1.1\r\n\r\n");
        assertThat(c.stats(SERVER_TO_CLIENT).deliveredBytes()).isEqualTo(19);
        assertThat(c.stats(CLIENT_TO_SERVER).deliveredBytes()).isEqualTo(22);
        assertThat(c.history()).isEqualTo("d^D");
    }

    @Test
    void nonMatchingConnectionsAreFilteredOut() {
        Harness h = new Harness(TcpLimits.DEFAULTS, List.of(ServerSpec.parse(":8080")));
        h.raw(Seg.of("10.0.0.1", 40000, "10.0.0.2", 80).seq(1).flags(Seg.SYN));
        h.raw(Seg.of("10.0.0.1", 40000, "10.0.0.2", 8080).seq(1).flags(Seg.SYN));
        TrackerStats st = h.tracker.stats();
        assertThat(st.filteredOut()).isEqualTo(1);
        assertThat(st.connectionsTotal()).isEqualTo(1);
        assertThat(h.conn(1).connection.server().port()).isEqualTo(8080);
    }

    @Test
    void orphanPureAcksDoNotCreateConnections() {
        Harness h = new Harness();
        h.raw(Seg.of("10.0.0.1", 40000, "10.0.0.2", 80).seq(1).ack(2).flags(Seg.ACK));
        assertThat(h.tracker.stats().connectionsTotal()).isZero();
        assertThat(h.tracker.stats().orphanAcks()).isEqualTo(1);
    }
}
