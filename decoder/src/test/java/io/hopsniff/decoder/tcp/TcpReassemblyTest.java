package io.hopsniff.decoder.tcp;

import static io.hopsniff.decoder.tcp.Direction.CLIENT_TO_SERVER;
import static io.hopsniff.decoder.tcp.Direction.SERVER_TO_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reassembly per RFC 9293 §3.4 (sequence space), §3.10.7 (segment arrival), as seen by a passive observer. */
class TcpReassemblyTest {
    static final String C = "10.0.0.1";
    static final String S = "10.0.0.2";
    static final long CISN = 1000;
    static final long SISN = 5000;

    static Seg c2s(long offset, String payload) {
        return Seg.of(C, 40000, S, 8080).seq(CISN + 1 + offset).ack(SISN + 1).flags(Seg.ACK | Seg.PSH).payload(payload);
    }

    static Seg s2c(long offset, String payload) {
        return Seg.of(S, 8080, C, 40000).seq(SISN + 1 + offset).ack(CISN + 1).flags(Seg.ACK | Seg.PSH).payload(payload);
    }

    /** A harness fed as from a stream (delivered bytes copied) or, {@code stored}, as from a capture file. */
    static Harness harness(boolean stored) {
        return stored ? new Harness().stored() : new Harness();
    }

    static Harness handshake(Harness h) {
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN).flags(Seg.SYN));
        h.raw(Seg.of(S, 8080, C, 40000).seq(SISN).ack(CISN + 1).flags(Seg.SYN | Seg.ACK));
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN + 1).ack(SISN + 1).flags(Seg.ACK));
        return h;
    }

    @Test
    void inOrderExchangeThenFinFromBothSides() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "GET / HTTP/1.1\r\n\r\n"));
        h.raw(s2c(0, "HTTP/1.1 200 OK\r\n").ack(CISN + 1 + 18));
        h.raw(s2c(17, "\r\n").ack(CISN + 1 + 18));
        h.raw(c2s(18, "").flags(Seg.FIN | Seg.ACK).ack(SISN + 1 + 19));
        h.raw(s2c(19, "").flags(Seg.FIN | Seg.ACK).ack(CISN + 1 + 19));
        h.raw(c2s(19, "").flags(Seg.ACK).ack(SISN + 1 + 20));
        assertThat(h.events(1)).containsExactly(
                "data c2s 0 GET / HTTP/1.1\r\n\r\n",
                "data s2c 0 HTTP/1.1 200 OK\r\n",
                "data s2c 17 \r\n",
                "fin c2s",
                "fin s2c",
                "end FIN");
        TcpConnection c = h.conn(1).connection;
        assertThat(c.id()).isEqualTo(1);
        assertThat(c.client()).isEqualTo(new Endpoint(C, 40000));
        assertThat(c.server()).isEqualTo(new Endpoint(S, 8080));
        assertThat(c.rolesFromSyn()).isTrue();
        assertThat(c.sawSyn()).isTrue();
        assertThat(c.endReason()).isEqualTo(EndReason.FIN);
        assertThat(c.history()).isEqualTo("ShADdFf");
        assertThat(c.stats(CLIENT_TO_SERVER).deliveredBytes()).isEqualTo(18);
        assertThat(c.stats(SERVER_TO_CLIENT).deliveredBytes()).isEqualTo(19);
        assertThat(c.firstNanos()).isLessThan(c.lastNanos());
        assertThat(h.anomalies).isEmpty();
        assertThat(h.tracker.stats().activeConnections()).isZero();
    }

    @Test
    void reorderedSegmentsAreBufferedAndReleasedInOrder() {
        Harness h = handshake(new Harness());
        h.raw(c2s(5, "world")).raw(c2s(10, "!")).raw(c2s(0, "hello"));
        assertThat(h.events(1)).containsExactly("data c2s 0 hello", "data c2s 5 world", "data c2s 10 !");
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).outOfOrder()).isEqualTo(2);
        assertThat(h.count(AnomalyType.TCP_OUT_OF_ORDER)).isEqualTo(1);
    }

    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void retransmissionsAreDroppedAndCounted(boolean stored) {
        Harness h = handshake(harness(stored));
        h.raw(c2s(0, "hello")).raw(c2s(0, "hello")).raw(c2s(0, "hello")).raw(c2s(5, "!"));
        assertThat(h.conn(1).text(CLIENT_TO_SERVER)).isEqualTo("hello!");
        FlowStats st = h.conn(1).connection.stats(CLIENT_TO_SERVER);
        assertThat(st.retransmissions()).isEqualTo(2);
        assertThat(st.wireBytes()).isEqualTo(16);
        assertThat(st.deliveredBytes()).isEqualTo(6);
        assertThat(h.count(AnomalyType.TCP_RETRANSMISSION)).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isZero();
        assertThat(h.conn(1).connection.history()).contains("T");
    }

    /**
     * Full-sized segments (an Ethernet MSS of 1448 bytes, more than the retransmission check's first ring): the
     * first one retransmitted unchanged after the second is a retransmission, not a conflict; the check once
     * compared it with bytes its grown ring never held.
     */
    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void anUnchangedRetransmissionOfAFullSizedSegmentIsNoConflict(boolean stored) {
        Harness h = handshake(harness(stored));
        String first = "a".repeat(700) + "b".repeat(748);
        String second = "c".repeat(1448);
        h.raw(c2s(0, first)).raw(c2s(1448, second)).raw(c2s(0, first));
        assertThat(h.conn(1).text(CLIENT_TO_SERVER)).isEqualTo(first + second);
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).retransmissions()).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isZero();
        // and a retransmission that differs in the bytes still held is one
        h.raw(c2s(0, first.substring(0, 1400) + "X" + first.substring(1401)));
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isEqualTo(1);
    }

    /**
     * The evasion of a retransmission that changes a request line: the first segment is full-sized (a POST's head
     * and body), so it was longer than the smallest ring and its first bytes were never compared.
     */
    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void aChangedRetransmissionOfAFullSizedFirstSegmentIsAConflict(boolean stored) {
        Harness h = handshake(harness(stored));
        String head = "POST /public HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n";
        String first = head + "x".repeat(1448 - head.length());
        String second = "y".repeat(1448);
        h.raw(c2s(0, first)).raw(c2s(1448, second)).raw(c2s(0, "POST /admin! HTTP/1.1" + first.substring(21)));
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isEqualTo(1);
        assertThat(h.conn(1).text(CLIENT_TO_SERVER)).isEqualTo(first + second); // the first copy is what was delivered
    }

    /**
     * A consumer that failed takes no more data, and the retransmission check keeps none either: bytes delivered
     * after the failure are not in the ring, so a retransmission of them is not compared with older bytes there.
     */
    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void afterAConsumerFailsRetransmissionsAreNotComparedWithBytesNeverKept(boolean stored) {
        Harness h = handshake(harness(stored));
        h.conn(1).failWhenStartsWith = "boom";
        h.raw(c2s(0, "a".repeat(600))).raw(c2s(600, "boom" + "b".repeat(596))).raw(c2s(1200, "c".repeat(600)));
        assertThat(h.count(AnomalyType.TCP_CONSUMER_FAILED)).isEqualTo(1);
        h.raw(c2s(1200, "c".repeat(600)));
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).retransmissions()).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isZero();
    }

    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void partialOverlapWithSameBytesIsTrimmed(boolean stored) {
        Harness h = handshake(harness(stored));
        h.raw(c2s(0, "0123456789")).raw(c2s(5, "56789abcde"));
        // and ahead of a hole: [20,30) buffered, then [15,25) overlaps it, then the hole fills
        h.raw(c2s(20, "klmnopqrst")).raw(c2s(17, "hijklmn")).raw(c2s(15, "fg"));
        assertThat(h.conn(1).text(CLIENT_TO_SERVER)).isEqualTo("0123456789abcdefghijklmnopqrst");
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isZero();
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).gaps()).isZero();
    }

    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void overlapWithDifferentBytesKeepsTheFirstCopy(boolean stored) {
        Harness h = handshake(harness(stored));
        h.raw(c2s(0, "GET /a")).raw(c2s(3, "XXXb"));
        assertThat(h.conn(1).text(CLIENT_TO_SERVER)).isEqualTo("GET /ab");
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isEqualTo(1);
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).overlapConflicts()).isEqualTo(1);

        // ahead of a hole: the buffered copy wins over a later, different one
        Harness h2 = handshake(harness(stored));
        h2.raw(c2s(5, "world")).raw(c2s(0, "helloWORLD"));
        assertThat(h2.conn(1).text(CLIENT_TO_SERVER)).isEqualTo("helloworld");
        assertThat(h2.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isEqualTo(1);

        // a pure retransmission with different bytes
        Harness h3 = handshake(harness(stored));
        h3.raw(c2s(0, "hello")).raw(c2s(0, "jello"));
        assertThat(h3.conn(1).text(CLIENT_TO_SERVER)).isEqualTo("hello");
        assertThat(h3.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isEqualTo(1);
    }

    /**
     * Delivered bytes are kept for the retransmission check only until the receiver acknowledges them: an idle
     * connection keeps no copy of its stream (it kept 16 KiB a direction, for the connection's life).
     */
    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void deliveredBytesAreLetGoOnceAcknowledged(boolean stored) {
        Harness h = handshake(harness(stored));
        h.raw(c2s(0, "hello"));
        HalfStream client = h.conn(1).connection.sides[0];
        assertThat(client.retainedBytes()).isPositive();
        h.raw(c2s(0, "jello")); // unacknowledged: still compared
        assertThat(h.count(AnomalyType.TCP_OVERLAP_CONFLICT)).isEqualTo(1);
        h.raw(s2c(0, "").ack(CISN + 1 + 3)); // part of it acknowledged: kept
        assertThat(client.retainedBytes()).isPositive();
        h.raw(s2c(0, "").ack(CISN + 1 + 5)); // all of it
        assertThat(client.retainedBytes()).isZero();
        h.raw(c2s(5, "!"));
        assertThat(h.conn(1).text(CLIENT_TO_SERVER)).isEqualTo("hello!");
        assertThat(client.retainedBytes()).isPositive();
    }

    /**
     * Bytes the receiver acknowledged are no longer compared, the ones after them still are: with delayed ACKs a
     * sender runs a segment or two ahead of the last ACK, and the ring holds only what is not yet acknowledged.
     */
    @ParameterizedTest(name = "stored in a file: {0}")
    @ValueSource(booleans = {false, true})
    void aPartialAcknowledgementEndsTheComparisonOfTheBytesBelowIt(boolean stored) {
        Harness h = handshake(harness(stored));
        String a = "a".repeat(1448);
        String b = "b".repeat(1448);
        String c = "c".repeat(1448);
        h.raw(c2s(0, a)).raw(c2s(1448, b));
        h.raw(s2c(0, "").ack(CISN + 1 + 1448)); // the first segment acknowledged, the second not yet
        h.raw(c2s(2896, c));
        h.raw(c2s(0, "A" + a.substring(1))); // acknowledged: counted, not compared
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).retransmissions()).isEqualTo(1);
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).overlapConflicts()).isZero();
        h.raw(c2s(1448, "B" + b.substring(1))); // not acknowledged: compared
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).overlapConflicts()).isEqualTo(1);
        // the 2896 bytes not yet acknowledged fit a 4 KiB ring: it did not grow for the third segment; from a file,
        // only their positions are kept
        assertThat(h.conn(1).connection.sides[0].retainedBytes()).isEqualTo(stored ? RingPool.RUNS_BYTES : 4096);
        assertThat(h.conn(1).text(CLIENT_TO_SERVER)).isEqualTo(a + b + c);
    }

    @Test
    void sequenceNumbersWrapAcross2Pow32() {
        Harness h = new Harness();
        long isn = 0xFFFFFFF0L;
        h.raw(Seg.of(C, 40000, S, 8080).seq(isn).flags(Seg.SYN));
        h.raw(Seg.of(S, 8080, C, 40000).seq(SISN).ack(isn + 1).flags(Seg.SYN | Seg.ACK));
        String a = "0123456789";          // seq 0xFFFFFFF1 .. 0xFFFFFFFA
        String b = "abcdefghij";          // crosses 2^32
        String c = "ABCDEFGHIJ";
        h.raw(Seg.of(C, 40000, S, 8080).seq(isn + 1).ack(SISN + 1).payload(a));
        h.raw(Seg.of(C, 40000, S, 8080).seq(isn + 21).ack(SISN + 1).payload(c)); // out of order, after the wrap
        h.raw(Seg.of(C, 40000, S, 8080).seq(isn + 11).ack(SISN + 1).payload(b));
        h.raw(Seg.of(C, 40000, S, 8080).seq(isn + 11).ack(SISN + 1).payload(b)); // retransmission
        assertThat(h.events(1)).containsExactly("data c2s 0 " + a, "data c2s 10 " + b, "data c2s 20 " + c);
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).retransmissions()).isEqualTo(1);
    }

    @Test
    void longStreamsKeepCountingPast4GiB() {
        Harness h = new Harness();
        h.deliver = false; // counting only: this is about offsets, not bytes
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN).flags(Seg.SYN));
        byte[] chunk = new byte[60000];
        byte[] packet = Seg.of(C, 40000, S, 8080).ack(1).payload(chunk).ip();
        long off = 0;
        for (int i = 0; i < 80_000; i++) { // 4.8 GB
            Seg.put32(packet, 20 + 4, (int) (CISN + 1 + off));
            h.frame(io.hopsniff.capture.LinkType.RAW, packet);
            off += chunk.length;
        }
        assertThat(h.connections).hasSize(1);
        FlowStats st = h.connections.get(0).stats(CLIENT_TO_SERVER);
        assertThat(st.deliveredBytes()).isEqualTo(off);
        assertThat(st.gaps()).isZero();
        assertThat(st.retransmissions()).isZero();
    }

    @Test
    void ackBeyondAHoleDeclaresAGap() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "0123456789")).raw(c2s(20, "KLMNOPQRST"));
        assertThat(h.events(1)).containsExactly("data c2s 0 0123456789");
        h.raw(s2c(0, "").ack(CISN + 1 + 30)); // the server got bytes 10..20 that the capture lost
        assertThat(h.events(1)).containsExactly("data c2s 0 0123456789", "gap c2s 10 10", "data c2s 20 KLMNOPQRST");
        // a lost tail: the server acknowledges bytes the capture never saw
        h.raw(s2c(0, "").ack(CISN + 1 + 45));
        h.raw(c2s(45, "next"));
        assertThat(h.events(1)).endsWith("gap c2s 30 15", "data c2s 45 next");
        FlowStats st = h.conn(1).connection.stats(CLIENT_TO_SERVER);
        assertThat(st.gaps()).isEqualTo(2);
        assertThat(st.gapBytes()).isEqualTo(25);
        assertThat(h.count(AnomalyType.TCP_GAP)).isEqualTo(2);
        assertThat(h.conn(1).connection.history()).contains("G");
    }

    @Test
    void reassemblyLimitDeclaresAGap() {
        Harness h = handshake(new Harness(new TcpLimits(10, 16, 300 * Harness.SECOND), List.of()));
        h.raw(c2s(0, "abc")).raw(c2s(10, "0123456789")).raw(c2s(20, "ABCDEFGHIJ"));
        assertThat(h.events(1)).containsExactly("data c2s 0 abc", "gap c2s 3 7", "data c2s 10 0123456789",
                "data c2s 20 ABCDEFGHIJ");
        assertThat(h.count(AnomalyType.TCP_REASSEMBLY_LIMIT)).isEqualTo(1);
        assertThat(h.tracker.stats().reassemblyLimitHits()).isEqualTo(1);
    }

    /**
     * A held segment is charged its bytes plus what holding it costs ({@code SEGMENT_OVERHEAD}, 64): with 6400
     * bytes of budget, 1-byte segments behind a hole hit the limit at the 99th (98 × 65 ≤ 6400 < 99 × 65), not
     * after 6400 of them, so a flood of tiny segments is bounded by the budget like a few large ones.
     */
    @Test
    void tinySegmentsAreChargedWhatHoldingThemCosts() {
        Harness h = handshake(new Harness(new TcpLimits(10, 6400, 300 * Harness.SECOND), List.of()));
        h.raw(c2s(0, "a"));
        for (int k = 1; k <= 98; k++) {
            h.raw(c2s(2 * k, "x")); // every other byte missing: nothing can be delivered
        }
        assertThat(h.tracker.stats().reassemblyLimitHits()).isZero();
        h.raw(c2s(2 * 99, "x"));
        assertThat(h.tracker.stats().reassemblyLimitHits()).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_REASSEMBLY_LIMIT)).isEqualTo(1);
    }

    @Test
    void theTotalBudgetAcrossConnectionsAlsoDeclaresAGap() {
        // Per direction 1000 bytes would allow it; all connections together may hold only 16.
        Harness h = handshake(new Harness(new TcpLimits(10, 1000, 300 * Harness.SECOND, 16), List.of()));
        h.raw(c2s(0, "abc")).raw(c2s(10, "0123456789")).raw(c2s(20, "ABCDEFGHIJ"));
        assertThat(h.events(1)).containsExactly("data c2s 0 abc", "gap c2s 3 7", "data c2s 10 0123456789",
                "data c2s 20 ABCDEFGHIJ");
        assertThat(h.count(AnomalyType.TCP_REASSEMBLY_LIMIT)).isEqualTo(1);
    }

    @Test
    void finishFlushesHolesAsGapsThenEndsStillOpen() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "ab")).raw(c2s(5, "fg")).raw(c2s(10, "kl"));
        h.finish();
        assertThat(h.events(1)).containsExactly("data c2s 0 ab", "gap c2s 2 3", "data c2s 5 fg", "gap c2s 7 3",
                "data c2s 10 kl", "end STILL_OPEN");
        assertThat(h.conn(1).connection.endReason()).isEqualTo(EndReason.STILL_OPEN);
    }

    @Test
    void midStreamStartInfersRolesFromPortsAndCountsFromTheFirstByte() {
        Harness h = new Harness();
        h.raw(s2c(100, "HTTP/1.1 200 OK\r\n")); // server speaks first in the capture
        h.raw(c2s(50, "GET / HTTP/1.1\r\n"));
        TcpConnection c = h.conn(1).connection;
        assertThat(c.server()).isEqualTo(new Endpoint(S, 8080));
        assertThat(c.rolesFromSyn()).isFalse();
        assertThat(c.sawSyn()).isFalse();
        assertThat(h.events(1)).containsExactly("data s2c 0 HTTP/1.1 200 OK\r\n", "data c2s 0 GET / HTTP/1.1\r\n");
        assertThat(h.count(AnomalyType.TCP_MIDSTREAM_START)).isEqualTo(1);
    }

    /**
     * RFC 9293 §3.8.4: a keep-alive probe is a segment with sequence number SND.NXT-1, empty (Linux) or with one
     * garbage byte that was already sent (Windows). A capture that starts on an idle keep-alive connection sees
     * probes first; their byte is not the start of the stream.
     */
    @Test
    void aOneByteKeepAliveProbeFirstIsNotTheStreamStart() {
        Harness h = new Harness();
        h.raw(c2s(99, "\0")); // probe: one byte below the next one
        h.raw(s2c(500, "").ack(CISN + 1 + 100)); // the server acknowledges what it already had
        h.raw(c2s(100, "GET / HTTP/1.1\r\n"));
        assertThat(h.events(1)).containsExactly("data c2s 0 GET / HTTP/1.1\r\n");
    }

    @Test
    void anEmptyKeepAliveProbeFirstLeavesNoGap() {
        Harness h = new Harness();
        h.raw(c2s(99, "")); // Linux's probe: SND.NXT-1, no payload
        h.raw(s2c(500, "").ack(CISN + 1 + 100));
        h.raw(c2s(100, "GET / HTTP/1.1\r\n"));
        assertThat(h.events(1)).containsExactly("data c2s 0 GET / HTTP/1.1\r\n");
        assertThat(h.conn(1).connection.stats(Direction.CLIENT_TO_SERVER).gaps()).isZero();
    }

    @Test
    void bytesTheOtherSideAlreadyAcknowledgedAreNotTheStreamStart() {
        Harness h = new Harness();
        h.raw(s2c(500, "}\r\n").ack(CISN + 1 + 100)); // seen first: the server has everything below 100
        h.raw(c2s(90, "ld bytes!\r")); // a retransmission of bytes 90..99
        h.raw(c2s(100, "GET / HTTP/1.1\r\n"));
        assertThat(h.events(1)).containsExactly("data s2c 0 }\r\n", "data c2s 0 GET / HTTP/1.1\r\n");
        assertThat(h.conn(1).connection.stats(Direction.CLIENT_TO_SERVER).retransmissions()).isEqualTo(1);
    }

    @Test
    void rstEndsTheConnectionAfterFlushing() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "GET")).raw(c2s(5, "xy"));
        h.raw(Seg.of(S, 8080, C, 40000).seq(SISN + 1).ack(CISN + 4).flags(Seg.RST | Seg.ACK));
        h.raw(c2s(7, "late"));
        assertThat(h.events(1)).containsExactly("data c2s 0 GET", "gap c2s 3 2", "data c2s 5 xy", "rst s2c", "end RST");
        assertThat(h.conn(1).connection.endReason()).isEqualTo(EndReason.RST);
        assertThat(h.tracker.stats().dataAfterClose()).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_RST)).isEqualTo(1);
    }

    @Test
    void rstBeforeTheHandshakeCompletes() {
        Harness h = new Harness();
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN).flags(Seg.SYN));
        h.raw(Seg.of(S, 8080, C, 40000).seq(0).ack(CISN + 1).flags(Seg.RST | Seg.ACK));
        assertThat(h.events(1)).containsExactly("rst s2c", "end RST");
        assertThat(h.conn(1).connection.history()).isEqualTo("Sr");
    }

    @Test
    void finWaitsForTheHoleBeforeIt() {
        Harness h = handshake(new Harness());
        h.raw(c2s(5, "fg").flags(Seg.ACK | Seg.FIN));
        assertThat(h.events(1)).isEmpty();
        h.raw(c2s(0, "abcde"));
        assertThat(h.events(1)).containsExactly("data c2s 0 abcde", "data c2s 5 fg", "fin c2s");
        h.raw(c2s(8, "zz"));
        assertThat(h.tracker.stats().dataAfterClose()).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_DATA_AFTER_CLOSE)).isEqualTo(1);
        h.raw(s2c(0, "").flags(Seg.ACK | Seg.FIN).ack(CISN + 1 + 8));
        assertThat(h.events(1)).endsWith("fin c2s", "fin s2c", "end FIN");
    }

    @Test
    void portReuseEndsTheOldConnectionFirst() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "one"));
        h.raw(Seg.of(S, 8080, C, 40000).seq(SISN + 1).ack(CISN + 4).flags(Seg.RST));
        handshake(h); // same ISNs, but the old one is over
        h.raw(c2s(0, "two"));
        // and a SYN with a clearly different ISN on an open connection
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN + 7_000_000).flags(Seg.SYN));
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN + 7_000_001).ack(1).payload("three"));
        assertThat(h.events(1)).containsExactly("data c2s 0 one", "rst s2c", "end RST");
        assertThat(h.events(2)).containsExactly("data c2s 0 two", "end STILL_OPEN");
        assertThat(h.events(3)).containsExactly("data c2s 0 three");
        assertThat(h.count(AnomalyType.TCP_PORT_REUSE)).isEqualTo(2);
        assertThat(h.tracker.stats().portReuses()).isEqualTo(2);
        // a retransmitted SYN is not a new connection
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN + 7_000_000).flags(Seg.SYN));
        assertThat(h.tracker.stats().connectionsTotal()).isEqualTo(3);
    }

    @Test
    void connectionLimitEvictsTheLeastRecentlyActive() {
        Harness h = new Harness(new TcpLimits(2, 1 << 20, 300 * Harness.SECOND), List.of());
        h.raw(Seg.of(C, 40001, S, 80).seq(1).flags(Seg.SYN));
        h.raw(Seg.of(C, 40002, S, 80).seq(1).flags(Seg.SYN));
        h.raw(Seg.of(C, 40001, S, 80).seq(2).ack(1).payload("x")); // 40001 is now the most recent
        h.raw(Seg.of(C, 40003, S, 80).seq(1).flags(Seg.SYN));
        assertThat(h.events(2)).containsExactly("end EVICTED");
        assertThat(h.events(1)).containsExactly("data c2s 0 x");
        assertThat(h.count(AnomalyType.TCP_CONNECTION_LIMIT)).isEqualTo(1);
        TrackerStats st = h.tracker.stats();
        assertThat(st.evicted()).isEqualTo(1);
        assertThat(st.activeConnections()).isEqualTo(2);
        assertThat(st.peakConcurrent()).isEqualTo(2);
        assertThat(st.limitHits()).isEqualTo(1);
    }

    @Test
    void idleConnectionsAreEndedByCaptureTime() {
        Harness h = new Harness(new TcpLimits(10, 1 << 20, 5 * Harness.SECOND), List.of());
        long t0 = h.now;
        h.raw(Seg.of(C, 40001, S, 80).seq(1).flags(Seg.SYN));
        h.at(t0 + 3 * Harness.SECOND).raw(Seg.of(C, 40002, S, 80).seq(1).flags(Seg.SYN));
        assertThat(h.events(1)).isEmpty();
        h.at(t0 + 7 * Harness.SECOND).raw(Seg.of(C, 40002, S, 80).seq(2).ack(1).payload("x"));
        assertThat(h.events(1)).containsExactly("end IDLE_TIMEOUT");
        assertThat(h.events(2)).containsExactly("data c2s 0 x");
        assertThat(h.tracker.stats().idleClosed()).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_IDLE_TIMEOUT)).isEqualTo(1);
        // a packet after the timeout starts a new connection
        h.raw(Seg.of(C, 40001, S, 80).seq(2).ack(1).payload("yz")); // (one byte alone would be a keep-alive probe)
        assertThat(h.events(3)).containsExactly("data c2s 0 yz");
    }

    @Test
    void snaplenTruncatedSegmentGivesDataThenGap() {
        Harness h = handshake(new Harness());
        Seg s = c2s(0, "0123456789ABCDEFGHIJ");
        h.raw(s.snap(20 + 20 + 8)); // IPv4 + TCP headers + 8 payload bytes
        h.raw(c2s(20, "next"));
        assertThat(h.events(1)).containsExactly("data c2s 0 01234567", "gap c2s 8 12", "data c2s 20 next");
        assertThat(h.tracker.stats().snaplenTruncated()).isEqualTo(1);
    }

    @Test
    void countingOnlyConnectionsAreTrackedWithoutDelivery() {
        Harness h = new Harness();
        h.deliver = false;
        handshake(h);
        h.raw(c2s(5, "later")).raw(c2s(0, "first")).raw(c2s(0, "first"));
        assertThat(h.recorders).isEmpty();
        TrackerStats st = h.tracker.stats();
        assertThat(st.connectionsTotal()).isEqualTo(1);
        assertThat(st.activeConnections()).isEqualTo(1);
        FlowStats fs = h.connections.get(0).stats(CLIENT_TO_SERVER);
        assertThat(fs.deliveredBytes()).isEqualTo(10);
        assertThat(fs.outOfOrder()).isEqualTo(1);
        assertThat(fs.retransmissions()).isEqualTo(1);
        h.finish();
        assertThat(h.connections.get(0).stats(CLIENT_TO_SERVER).gaps()).isZero();
        assertThat(h.connections.get(0).endReason()).isEqualTo(EndReason.STILL_OPEN);
    }

    @Test
    void floodsGiveOneAnomalyPerConnectionWithCountsInFlowStats() {
        Harness h = handshake(new Harness());
        h.raw(c2s(0, "x"));
        for (int i = 0; i < 1000; i++) {
            h.raw(c2s(0, "x"));
            h.raw(c2s(10 + 2 * i, "y"));
        }
        FlowStats st = h.conn(1).connection.stats(CLIENT_TO_SERVER);
        assertThat(st.retransmissions()).isEqualTo(1000);
        assertThat(st.outOfOrder()).isEqualTo(1000);
        assertThat(h.count(AnomalyType.TCP_RETRANSMISSION)).isEqualTo(1);
        assertThat(h.count(AnomalyType.TCP_OUT_OF_ORDER)).isEqualTo(1);
        h.finish();
        assertThat(h.conn(1).connection.stats(CLIENT_TO_SERVER).gaps()).isEqualTo(1000);
        assertThat(h.count(AnomalyType.TCP_GAP)).isEqualTo(16);
    }

    @Test
    void ackOfBothFinsDeclaresTheLastHoleAndEnds() {
        Harness h = handshake(new Harness());
        h.raw(s2c(0, "HTTP/1.1 200 OK\r\n"));
        h.raw(s2c(30, "tail").flags(Seg.ACK | Seg.FIN)); // bytes 17..30 lost by the capture
        h.raw(c2s(0, "").flags(Seg.ACK | Seg.FIN).ack(SISN + 1 + 35));
        assertThat(h.events(1)).containsExactly("data s2c 0 HTTP/1.1 200 OK\r\n", "gap s2c 17 13",
                "data s2c 30 tail", "fin s2c", "fin c2s", "end FIN");
    }

    @Test
    void eventsAreDroppedAfterEndAndEndIsCalledOnce() {
        Harness h = handshake(new Harness());
        h.raw(Seg.of(C, 40000, S, 8080).seq(CISN + 1).flags(Seg.RST));
        h.raw(Seg.of(S, 8080, C, 40000).seq(SISN + 1).flags(Seg.RST));
        h.raw(s2c(0, "late")).raw(c2s(0, "").flags(Seg.FIN | Seg.ACK));
        h.finish();
        assertThat(h.events(1)).containsExactly("rst c2s", "end RST");
    }
}
