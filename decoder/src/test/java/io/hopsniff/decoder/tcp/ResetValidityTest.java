package io.hopsniff.decoder.tcp;

import static io.hopsniff.decoder.tcp.TcpReassemblyTest.C;
import static io.hopsniff.decoder.tcp.TcpReassemblyTest.CISN;
import static io.hopsniff.decoder.tcp.TcpReassemblyTest.S;
import static io.hopsniff.decoder.tcp.TcpReassemblyTest.SISN;
import static io.hopsniff.decoder.tcp.TcpReassemblyTest.c2s;
import static io.hopsniff.decoder.tcp.TcpReassemblyTest.handshake;
import static io.hopsniff.decoder.tcp.TcpReassemblyTest.s2c;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import org.junit.jupiter.api.Test;

/**
 * Which RSTs end a connection. A receiver resets only on a RST at the next sequence number of its sender (RFC 5961
 * §3.2; RFC 9293 §3.10.7.4 takes any in its window) and ignores any other: one injected with a sequence number
 * from nowhere must not end the connection for hopsniff and hide what it carries next.
 */
class ResetValidityTest {

    private static Seg serverReset(long offset) {
        return Seg.of(S, 8080, C, 40000).seq(SISN + 1 + offset).ack(CISN + 1).flags(Seg.RST | Seg.ACK);
    }

    @Test
    void aResetFromOutsideTheSequenceIsIgnoredAndTheConnectionFollowedOn() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "GET /pub"));
        h.raw(serverReset(100_000));
        h.raw(c2s(8, "lic HTTP/1.1\r\n\r\n"));
        h.raw(s2c(0, "HTTP/1.1 200 OK\r\n\r\n").ack(CISN + 1 + 24));
        assertThat(h.events(1)).containsExactly("data c2s 0 GET /pub", "data c2s 8 lic HTTP/1.1\r\n\r\n",
                "data s2c 0 HTTP/1.1 200 OK\r\n\r\n");
        assertThat(h.count(AnomalyType.TCP_RST_OUT_OF_WINDOW)).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_RST)).isZero();
        assertThat(h.conn(1).connection.history()).contains("r");
        h.finish();
        assertThat(h.conn(1).connection.endReason()).isEqualTo(EndReason.STILL_OPEN);
    }

    @Test
    void aResetAtTheNextSequenceNumberEndsTheConnection() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "GET / HTTP/1.1\r\n\r\n"));
        h.raw(s2c(0, "HTTP/1.1 200 OK\r\n").ack(CISN + 1 + 18));
        h.raw(serverReset(17));
        h.raw(c2s(18, "late"));
        assertThat(h.events(1)).endsWith("data s2c 0 HTTP/1.1 200 OK\r\n", "rst s2c", "end RST");
        assertThat(h.count(AnomalyType.TCP_RST)).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_RST_OUT_OF_WINDOW)).isZero();
    }

    /** After its FIN a sender's next sequence number is one past it: Linux resets there. */
    @Test
    void aResetOnePastTheFinEndsTheConnection() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "GET / HTTP/1.1\r\n\r\n"));
        h.raw(s2c(0, "HTTP/1.1 200 OK\r\n").ack(CISN + 1 + 18).flags(Seg.ACK | Seg.FIN));
        h.raw(serverReset(18));
        assertThat(h.events(1)).endsWith("fin s2c", "rst s2c", "end RST");
        assertThat(h.count(AnomalyType.TCP_RST_OUT_OF_WINDOW)).isZero();
    }

    /**
     * A stack that takes any RST in its window goes quiet after one that is not at the next sequence number: when
     * its receiver sends nothing more, the connection ended there, and is reported as reset. What the RST's sender
     * still sent (in flight, or bytes the capture missed before it) does not change that.
     */
    @Test
    void aResetItsReceiverNeverAnswersIsAResetAfterAll() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "GET / HTTP/1.1\r\n\r\n"));
        h.raw(serverReset(3000));
        h.raw(s2c(0, "HTTP/1.1 200 OK\r\n").ack(CISN + 1 + 18));
        h.finish();
        assertThat(h.events(1)).containsExactly("data c2s 0 GET / HTTP/1.1\r\n\r\n", "data s2c 0 HTTP/1.1 200 OK\r\n",
                "rst s2c", "end RST");
        assertThat(h.conn(1).connection.endReason()).isEqualTo(EndReason.RST);
        assertThat(h.count(AnomalyType.TCP_RST_OUT_OF_WINDOW)).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_RST)).isEqualTo(1);
    }
}
