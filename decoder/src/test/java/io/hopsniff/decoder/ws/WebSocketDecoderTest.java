package io.hopsniff.decoder.ws;

import static io.hopsniff.decoder.ws.WsRun.c2s;
import static io.hopsniff.decoder.ws.WsRun.s2c;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames from RFC 6455 §5.7 and RFC 7692 §7.2.3, and one test per frame-level anomaly id. */
class WebSocketDecoderTest {

    private static final HttpExchange HS = Exchanges.valid();
    private static final WsConfig KEEP = WsConfig.DEFAULTS.withPayloadBytesKept(1 << 20);
    private static final long T = 2_000_000L;

    private static WsRun run(HttpExchange hs, WsConfig cfg, WsRun.Chunk... chunks) {
        List<String> runs = WsRun.splitRuns(hs, cfg, List.of(chunks), EndReason.FIN);
        assertThat(runs).as("same result at every split").allMatch(r -> r.equals(runs.get(0)));
        return WsRun.run(hs, cfg, List.of(chunks), EndReason.FIN);
    }

    private static WsRun run(WsRun.Chunk... chunks) {
        return run(HS, KEEP, chunks);
    }

    private static String texts(WsRun r, Direction d) {
        return String.join("|", r.decoder.keptMessages(d).stream().map(KeptMessage::text).toList());
    }

    /** More messages than are kept per direction: the rest are counted, and the limit is named, not silent. */
    @Test
    void pastTheKeptMessagesLimitTheRestAreCountedAndNamed() {
        List<WsRun.Chunk> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < WsConfig.DEFAULTS.maxKeptMessages() + 2; i++) {
            chunks.add(c2s("81 85 37 fa 21 3d 7f 9f 4d 51 58", T)); // RFC 6455 §5.7 masked "Hello"
        }
        WsRun r = WsRun.run(HS, WsConfig.DEFAULTS.withPayloadBytesKept(8), chunks, EndReason.FIN);
        assertThat(r.decoder.keptMessages(Direction.CLIENT_TO_SERVER)).hasSize(WsConfig.DEFAULTS.maxKeptMessages());
        assertThat(r.decoder.session().c2s().messages()).isEqualTo(WsConfig.DEFAULTS.maxKeptMessages() + 2);
        assertThat(r.anomalies).filteredOn(a -> a.type() == AnomalyType.WS_KEPT_MESSAGES_LIMIT).singleElement()
                .satisfies(a -> assertThat(a.detail()).isEqualTo("direction=c2s, not_kept=2, limit=1000"));
    }

    @Test
    void rfc6455UnmaskedAndMaskedHello() {
        WsRun r = run(s2c("81 05 48 65 6c 6c 6f", T), c2s("81 85 37 fa 21 3d 7f 9f 4d 51 58", T));
        assertThat(r.frames).containsExactly(
                new WsFrame(Direction.SERVER_TO_CLIENT, T, true, 0, 1, false, 5, null),
                new WsFrame(Direction.CLIENT_TO_SERVER, T, true, 0, 1, true, 5, null));
        assertThat(texts(r, Direction.SERVER_TO_CLIENT)).isEqualTo("Hello");
        assertThat(texts(r, Direction.CLIENT_TO_SERVER)).isEqualTo("Hello");
        assertThat(r.anomalies).isEmpty();
        WebSocketSession s = r.decoder.session();
        assertThat(s.c2s().messages()).isEqualTo(1);
        assertThat(s.s2c().opcodes()).containsExactly(java.util.Map.entry("text", 1L));
        assertThat(s.subprotocol()).isEqualTo("chat");
        assertThat(s.end()).isEqualTo("fin-without-close");
    }

    @Test
    void rfc6455FragmentedHello() {
        WsRun r = run(s2c("01 03 48 65 6c", T), s2c("80 02 6c 6f", T));
        assertThat(r.frames).extracting(WsFrame::opcode, WsFrame::fin, WsFrame::payloadLength)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false, 3L),
                        org.assertj.core.groups.Tuple.tuple(0, true, 2L));
        assertThat(r.decoder.session().s2c().messages()).isEqualTo(1);
        assertThat(texts(r, Direction.SERVER_TO_CLIENT)).isEqualTo("Hello");
        assertThat(r.anomalies).isEmpty();
    }

    @Test
    void rfc6455PingAndMaskedPong() {
        WsRun r = run(s2c("89 05 48 65 6c 6c 6f", T), c2s("8a 85 37 fa 21 3d 7f 9f 4d 51 58", T));
        assertThat(r.frames).extracting(WsFrame::opcodeName).containsExactly("ping", "pong");
        assertThat(r.decoder.session().s2c().messages()).isZero();
        assertThat(r.anomalies).isEmpty();
    }

    @Test
    void rfc6455SixteenAndSixtyFourBitLengths() {
        byte[] f256 = new byte[4 + 256];
        f256[0] = (byte) 0x82;
        f256[1] = 0x7E;
        f256[2] = 0x01;
        byte[] f64k = new byte[10 + 65536];
        f64k[0] = (byte) 0x82;
        f64k[1] = 0x7F;
        f64k[7] = 0x01;
        WsRun r = WsRun.run(HS, WsConfig.DEFAULTS, List.of(new WsRun.Chunk(Direction.SERVER_TO_CLIENT, f256, T),
                new WsRun.Chunk(Direction.SERVER_TO_CLIENT, f64k, T)), EndReason.FIN);
        assertThat(r.frames).extracting(WsFrame::payloadLength).containsExactly(256L, 65536L);
        assertThat(r.decoder.session().s2c().payloadBytes()).isEqualTo(256 + 65536);
        assertThat(r.anomalies).isEmpty();
        // split at every boundary of the headers and a few inside the payload
        List<String> runs = WsRun.splitRuns(HS, WsConfig.DEFAULTS,
                List.of(new WsRun.Chunk(Direction.SERVER_TO_CLIENT, f256, T)), EndReason.FIN);
        assertThat(runs).allMatch(x -> x.equals(runs.get(0)));
    }

    @Test
    void rfc7692CompressedHelloAndSharedWindow() {
        HttpExchange hs = Exchanges.deflate("permessage-deflate");
        WsRun r = run(hs, KEEP, s2c("c1 07 f2 48 cd c9 c9 07 00", T), s2c("c1 05 f2 00 11 00 00", T),
                s2c("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00", T), s2c("41 03 f2 48 cd", T), s2c("80 04 c9 c9 07 00", T));
        assertThat(r.frames).extracting(WsFrame::rsv1).containsExactly(true, true, true, true, false);
        assertThat(texts(r, Direction.SERVER_TO_CLIENT)).isEqualTo("Hello|Hello|Hello|Hello");
        assertThat(r.decoder.keptMessages(Direction.SERVER_TO_CLIENT)).allMatch(KeptMessage::complete);
        assertThat(r.anomalies).isEmpty();
        assertThat(r.decoder.session().extensions()).isEqualTo("permessage-deflate");
    }

    @Test
    void rfc7692BfinalAndNoContextTakeover() {
        HttpExchange hs = Exchanges.deflate("permessage-deflate; server_no_context_takeover");
        WsRun r = run(hs, KEEP, s2c("c1 08 f3 48 cd c9 c9 07 00 00", T), s2c("c1 07 f2 48 cd c9 c9 07 00", T));
        assertThat(texts(r, Direction.SERVER_TO_CLIENT)).isEqualTo("Hello|Hello");
    }

    @Test
    void aReservedOpcodeFramesPayloadIsNotKeptWithTheMessage() {
        // RFC 6455 §5.2: a frame of reserved opcode 3 between the fragments of "Hello" is not part of the message
        WsRun r = run(s2c("01 03 48 65 6c", T), s2c("83 03 78 78 78", T), s2c("80 02 6c 6f", T));
        assertThat(texts(r, Direction.SERVER_TO_CLIENT)).isEqualTo("Hello");
        assertThat(r.anomalies).extracting(a -> a.type()).containsExactly(AnomalyType.WS_RESERVED_OPCODE);
    }

    @Test
    void keptPrefixIsBoundedAndNothingIsKeptByDefault() {
        WsRun small = run(HS, WsConfig.DEFAULTS.withPayloadBytesKept(3), s2c("81 05 48 65 6c 6c 6f", T));
        assertThat(small.decoder.keptMessages(Direction.SERVER_TO_CLIENT)).singleElement()
                .satisfies(m -> {
                    assertThat(m.text()).isEqualTo("Hel");
                    assertThat(m.complete()).isFalse();
                    assertThat(m.wireBytes()).isEqualTo(5);
                });
        WsRun none = run(HS, WsConfig.DEFAULTS, s2c("81 05 48 65 6c 6c 6f", T));
        assertThat(none.decoder.keptMessages(Direction.SERVER_TO_CLIENT)).isEmpty();
    }

    @Test
    void closeHandshakeServerFirst() {
        WsRun r = WsRun.run(HS, KEEP, List.of(s2c("88 02 03 e8", T), c2s("88 82 37 fa 21 3d 34 12", T + 5)),
                EndReason.FIN);
        WebSocketSession s = r.decoder.session();
        assertThat(s.s2c().closeCode()).isEqualTo(1000);
        assertThat(s.c2s().closeCode()).isEqualTo(1000);
        assertThat(s.closedBy()).isEqualTo("server");
        assertThat(s.closeHandshakeCompleted()).isTrue();
        assertThat(s.end()).isEqualTo("close");
        assertThat(s.idleBeforeEndNanos()).isEqualTo(10_000_000L - (T + 5));
        assertThat(r.anomalies).isEmpty();
    }

    @Test
    void closeReasonAndEndedBy() {
        WsRun r = new WsRun(HS, WsConfig.DEFAULTS);
        byte[] reason = "bye".getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[4 + reason.length];
        f[0] = (byte) 0x88;
        f[1] = (byte) (2 + reason.length);
        f[2] = 0x03;
        f[3] = (byte) 0xF1; // 1009
        System.arraycopy(reason, 0, f, 4, reason.length);
        r.feed(Direction.SERVER_TO_CLIENT, f, 0, f.length, T);
        r.decoder.fin(Direction.SERVER_TO_CLIENT, T + 1);
        r.decoder.rst(Direction.CLIENT_TO_SERVER, T + 2);
        r.decoder.end(EndReason.RST, T + 2);
        WebSocketSession s = r.decoder.session();
        assertThat(s.s2c().closeCode()).isEqualTo(1009);
        assertThat(s.s2c().closeReason()).isEqualTo("bye");
        assertThat(s.closeHandshakeCompleted()).isFalse();
        assertThat(s.end()).isEqualTo("rst");
        assertThat(s.endedBy()).isEqualTo("server");
    }

    @Test
    void endReasonsMap() {
        for (var e : java.util.Map.of(EndReason.STILL_OPEN, "capture-end", EndReason.EVICTED, "evicted",
                EndReason.IDLE_TIMEOUT, "idle-timeout", EndReason.FIN, "fin-without-close").entrySet()) {
            WsRun r = WsRun.run(HS, WsConfig.DEFAULTS, List.of(s2c("81 00", T)), e.getKey());
            assertThat(r.decoder.session().end()).isEqualTo(e.getValue());
            assertThat(r.decoder.session().endedBy()).isEqualTo("unknown");
        }
    }

    // ---------------------------------------------------------------- one test per anomaly id

    private static List<AnomalyType> types(WsRun.Chunk... chunks) {
        return run(chunks).types();
    }

    @Test
    void maskingByDirection() {
        assertThat(types(c2s("81 05 48 65 6c 6c 6f", T))).containsExactly(AnomalyType.WS_CLIENT_FRAME_UNMASKED);
        assertThat(types(s2c("81 85 37 fa 21 3d 7f 9f 4d 51 58", T))).containsExactly(AnomalyType.WS_SERVER_FRAME_MASKED);
    }

    @Test
    void nonMinimalLengths() {
        assertThat(types(s2c("81 7e 00 05 48 65 6c 6c 6f", T))).containsExactly(AnomalyType.WS_LENGTH_NOT_MINIMAL);
        assertThat(types(s2c("81 7f 00 00 00 00 00 00 00 05 48 65 6c 6c 6f", T)))
                .containsExactly(AnomalyType.WS_LENGTH_NOT_MINIMAL);
    }

    @Test
    void reservedOpcodeAndRsv() {
        assertThat(types(s2c("83 00", T))).containsExactly(AnomalyType.WS_RESERVED_OPCODE);
        assertThat(types(s2c("c1 05 48 65 6c 6c 6f", T))).containsExactly(AnomalyType.WS_RSV_BITS_UNNEGOTIATED);
        assertThat(types(s2c("a1 00", T))).containsExactly(AnomalyType.WS_RSV_BITS_UNNEGOTIATED);
        // with permessage-deflate: RSV1 on a control frame is still wrong
        WsRun r = run(Exchanges.deflate("permessage-deflate"), WsConfig.DEFAULTS, s2c("c9 00", T));
        assertThat(r.types()).containsExactly(AnomalyType.WS_RSV_BITS_UNNEGOTIATED);
    }

    @Test
    void controlFrameRules() {
        StringBuilder big = new StringBuilder("89 7e 00 7e");
        big.append(" 00".repeat(126));
        assertThat(types(s2c(big.toString(), T))).containsExactly(AnomalyType.WS_CONTROL_FRAME_TOO_LONG);
        assertThat(types(s2c("09 00", T))).containsExactly(AnomalyType.WS_CONTROL_FRAME_FRAGMENTED);
    }

    @Test
    void fragmentationOrder() {
        assertThat(types(s2c("80 00", T))).containsExactly(AnomalyType.WS_CONTINUATION_WITHOUT_START);
        assertThat(types(s2c("01 01 41", T), s2c("81 01 42", T))).containsExactly(AnomalyType.WS_FRAGMENT_INTERLEAVED);
        // a ping between fragments is allowed (RFC 6455 §5.4)
        assertThat(types(s2c("01 01 41", T), s2c("89 00", T), s2c("80 01 42", T))).isEmpty();
    }

    @Test
    void closeCodes() {
        assertThat(types(s2c("88 02 03 ed", T))).containsExactly(AnomalyType.WS_CLOSE_CODE_INVALID); // 1005
        assertThat(types(s2c("88 02 03 ee", T))).containsExactly(AnomalyType.WS_CLOSE_CODE_INVALID); // 1006
        assertThat(types(s2c("88 02 03 f7", T))).containsExactly(AnomalyType.WS_CLOSE_CODE_INVALID); // 1015
        assertThat(types(s2c("88 02 03 e7", T))).containsExactly(AnomalyType.WS_CLOSE_CODE_INVALID); // 999
        assertThat(types(s2c("88 02 13 88", T))).containsExactly(AnomalyType.WS_CLOSE_CODE_INVALID); // 5000
        assertThat(types(s2c("88 01 03", T))).containsExactly(AnomalyType.WS_CLOSE_CODE_INVALID);
        assertThat(types(s2c("88 02 0f a0", T))).isEmpty(); // 4000
        assertThat(types(s2c("88 00", T))).isEmpty();
        assertThat(types(s2c("88 04 03 e8 ff fe", T))).containsExactly(AnomalyType.WS_CLOSE_REASON_NOT_UTF8);
    }

    @Test
    void framesAfterClose() {
        assertThat(types(s2c("88 00", T), s2c("81 00", T))).containsExactly(AnomalyType.WS_FRAME_AFTER_CLOSE);
    }

    @Test
    void absurdLengthLosesFraming() {
        WsRun r = run(s2c("82 7f 80 00 00 00 00 00 00 01 00 01 02 03", T));
        assertThat(r.types()).containsExactly(AnomalyType.WS_FRAMES_UNDECODABLE);
        assertThat(r.decoder.session().undecodable()).isTrue();
        assertThat(r.decoder.undecodedBytes(Direction.SERVER_TO_CLIENT)).isEqualTo(4);
    }

    /**
     * The violations RFC 6455 makes the receiver fail the connection on are carried on the session, by sender, in
     * the order they first happened, with counts; warnings and capture damage are not among them.
     */
    @Test
    void violationsThatFailTheConnectionAreOnTheSession() {
        WsRun r = run(s2c("81 05 48 65 6c 6c 6f", T), // RFC 6455 §5.7 unmasked "Hello": fine from a server
                s2c("81 85 37 fa 21 3d 7f 9f 4d 51 58", T + 1), // the masked one: a server must not send it (§5.1)
                c2s("81 05 48 65 6c 6c 6f", T + 2), // unmasked from the client (§5.1)
                s2c("81 85 37 fa 21 3d 7f 9f 4d 51 58", T + 3),
                s2c("81 7e 00 05 48 65 6c 6c 6f", T + 4), // non-minimal length: a warning only
                s2c("83 00", T + 5), // reserved opcode (§5.2)
                s2c("88 02 03 e8", T + 6), s2c("81 00", T + 7)); // a frame after close: a warning only
        // carriedOn: the client's text frame at T + 2 follows the masked one; the server's frames at T + 3 follow the
        // unmasked one; nothing from the client follows the reserved opcode
        assertThat(r.decoder.session().violations()).containsExactly(
                new WsViolation(Direction.SERVER_TO_CLIENT, AnomalyType.WS_SERVER_FRAME_MASKED, T + 1, 2, true),
                new WsViolation(Direction.CLIENT_TO_SERVER, AnomalyType.WS_CLIENT_FRAME_UNMASKED, T + 2, 1, true),
                new WsViolation(Direction.SERVER_TO_CLIENT, AnomalyType.WS_RESERVED_OPCODE, T + 5, 1, false));
        // a close frame in answer is the receiver failing the connection, not carrying on
        assertThat(run(s2c("81 85 37 fa 21 3d 7f 9f 4d 51 58", T), c2s("88 82 37 fa 21 3d 34 10", T + 1))
                .decoder.session().violations()).extracting(WsViolation::carriedOn).containsExactly(false);
        assertThat(run(s2c("81 05 48 65 6c 6c 6f", T), s2c("81 7e 00 05 48 65 6c 6c 6f", T), s2c("88 00", T),
                s2c("81 00", T)).decoder.session().violations()).isEmpty();
    }

    /**
     * A violating frame after its sender's own close is one its receiver discards (RFC 6455 §1.4: "after receiving
     * a control frame indicating the connection should be closed, a peer discards any further data received"); one
     * before it, or the close itself, is not.
     */
    @Test
    void violationsAfterTheSendersOwnCloseAreMarked() {
        // the client's masked close 1001 (key 37 fa 21 3d), then an unmasked close 1001 from the same side
        assertThat(run(c2s("88 82 37 fa 21 3d 34 13", T), c2s("88 02 03 e9", T + 1), s2c("88 02 03 e9", T + 2))
                .decoder.session().violations()).containsExactly(new WsViolation(Direction.CLIENT_TO_SERVER,
                        AnomalyType.WS_CLIENT_FRAME_UNMASKED, T + 1, 1, false, true, true));
        // the unmasked close first: the receiver reads it and fails the connection (1002)
        assertThat(run(c2s("88 02 03 e9", T), s2c("88 02 03 ea", T + 1)).decoder.session().violations())
                .containsExactly(new WsViolation(Direction.CLIENT_TO_SERVER, AnomalyType.WS_CLIENT_FRAME_UNMASKED, T,
                        1, false, true, false));
        // one before the close and one after: not all after
        assertThat(run(c2s("81 05 48 65 6c 6c 6f", T), c2s("88 82 37 fa 21 3d 34 13", T + 1), c2s("81 00", T + 2))
                .decoder.session().violations()).extracting(WsViolation::afterOwnClose).containsExactly(false);
    }

    /** A 64-bit length with its top bit set breaks §5.2; one merely past hopsniff's sanity limit breaks nothing. */
    @Test
    void onlyATopBitLengthIsAViolationWhenFramingIsLost() {
        WsRun top = run(s2c("82 7f 80 00 00 00 00 00 00 01 00 01 02 03", T));
        assertThat(top.decoder.session().violations()).containsExactly(
                new WsViolation(Direction.SERVER_TO_CLIENT, AnomalyType.WS_FRAMES_UNDECODABLE, T, 1, false));
        WsRun big = run(s2c("82 7f 00 00 02 00 00 00 00 00 00 01 02 03", T)); // 2^41 bytes: past the 2^40 default
        assertThat(big.types()).containsExactly(AnomalyType.WS_FRAMES_UNDECODABLE);
        assertThat(big.decoder.session().violations()).isEmpty();
    }

    @Test
    void gaps() {
        WsRun r = new WsRun(HS, KEEP);
        byte[] f = WsRun.hex("82 0a 00 01 02");
        r.feed(Direction.SERVER_TO_CLIENT, f, 0, f.length, T);
        r.decoder.gap(Direction.SERVER_TO_CLIENT, 5, 5, T);
        byte[] g = WsRun.hex("08 09 81 00");
        r.feed(Direction.SERVER_TO_CLIENT, g, 0, g.length, T);
        r.decoder.gap(Direction.SERVER_TO_CLIENT, 14, 100, T);
        byte[] h = WsRun.hex("81 00");
        r.feed(Direction.SERVER_TO_CLIENT, h, 0, h.length, T);
        r.decoder.end(EndReason.FIN, T);
        assertThat(r.types()).containsExactly(AnomalyType.WS_FRAMES_UNDECODABLE, AnomalyType.WS_GAP_IN_PAYLOAD);
        assertThat(r.frames).hasSize(2);
        assertThat(r.decoder.session().s2c().payloadBytes()).isEqualTo(10);
        assertThat(r.decoder.keptMessages(Direction.SERVER_TO_CLIENT).get(0).complete()).isFalse();
        assertThat(r.decoder.undecodedBytes(Direction.SERVER_TO_CLIENT)).isEqualTo(102);
    }

    @Test
    void truncatedAtEnd() {
        WsRun r = WsRun.run(HS, WsConfig.DEFAULTS, List.of(s2c("81 05 48", T)), EndReason.FIN);
        assertThat(r.types()).containsExactly(AnomalyType.WS_TRUNCATED_AT_END);
        WsRun open = WsRun.run(HS, WsConfig.DEFAULTS, List.of(s2c("81 05 48", T)), EndReason.STILL_OPEN);
        assertThat(open.types()).isEmpty();
    }

    @Test
    void dataBefore101() {
        WsRun r = WsRun.run(HS, WsConfig.DEFAULTS,
                List.of(c2s("81 85 37 fa 21 3d 7f 9f 4d 51 58", Exchanges.RESPONSE_NANOS - 1)), EndReason.FIN);
        assertThat(r.types()).containsExactly(AnomalyType.WS_DATA_BEFORE_101);
        assertThat(r.anomalies.get(0).transactionId()).isEqualTo(7);
        assertThat(r.anomalies.get(0).connectionId()).isEqualTo(3);
    }

    @Test
    void anomaliesAreAggregatedPerSession() {
        List<WsRun.Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            chunks.add(c2s("81 00", T + i));
        }
        WsRun r = WsRun.run(HS, WsConfig.DEFAULTS, chunks, EndReason.FIN);
        assertThat(r.anomalies).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AnomalyType.WS_CLIENT_FRAME_UNMASKED);
            assertThat(a.detail()).endsWith("count=500").contains("expected=mask 1, found=mask 0");
            assertThat(a.timestampNanos()).isEqualTo(T);
        });
    }

    @Test
    void oddCallsDoNotThrow() {
        WebSocketDecoder d = new WebSocketDecoder(1, null, null, null);
        d.data(Direction.CLIENT_TO_SERVER, null, 0, 0);
        d.data(Direction.CLIENT_TO_SERVER, ByteBuffer.allocate(0), 0, 0);
        d.gap(Direction.SERVER_TO_CLIENT, 0, 0, 0);
        d.end(null, 0);
        d.end(EndReason.FIN, 0);
        d.data(Direction.CLIENT_TO_SERVER, ByteBuffer.wrap(new byte[] {1, 2}), 0, 0);
        assertThat(d.session().end()).isEqualTo("capture-end");
        assertThat(d.session().subprotocol()).isNull();
    }
}
