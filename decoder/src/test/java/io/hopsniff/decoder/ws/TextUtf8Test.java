package io.hopsniff.decoder.ws;

import static io.hopsniff.decoder.ws.WsRun.c2s;
import static io.hopsniff.decoder.ws.WsRun.s2c;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text messages must be UTF-8 (RFC 6455 §8.1; a receiver fails the connection otherwise). The byte sequences are
 * RFC 3629 §4's grammar and its §10 examples: overlong forms, surrogates and code points above U+10FFFF are not
 * UTF-8. Every case also runs split at every byte (WsRun.splitRuns), so a character straddling segments counts.
 */
class TextUtf8Test {

    private static final long T = 2_000_000L;
    private static final byte[] KEY = {0x37, (byte) 0xfa, 0x21, 0x3d}; // RFC 6455 §5.7's masking key

    private static WsRun run(HttpExchange hs, WsRun.Chunk... chunks) {
        List<String> runs = WsRun.splitRuns(hs, WsConfig.DEFAULTS, List.of(chunks), EndReason.FIN);
        assertThat(runs).as("same result at every split").allMatch(r -> r.equals(runs.get(0)));
        return WsRun.run(hs, WsConfig.DEFAULTS, List.of(chunks), EndReason.FIN);
    }

    private static List<AnomalyType> types(WsRun.Chunk... chunks) {
        return run(Exchanges.valid(), chunks).types();
    }

    /** An unmasked server frame: FIN and {@code opcode}, a 7- or 16-bit length, then the payload. */
    private static WsRun.Chunk server(int first, String payloadHex) {
        byte[] p = HexFormat.ofDelimiter(" ").parseHex(payloadHex);
        return s2c(header(first, p.length, false) + " " + payloadHex, T);
    }

    /** A client frame masked with RFC 6455 §5.7's key. */
    private static WsRun.Chunk client(int first, String payloadHex) {
        byte[] p = HexFormat.ofDelimiter(" ").parseHex(payloadHex);
        StringBuilder masked = new StringBuilder(header(first, p.length, true)).append(" 37 fa 21 3d");
        for (int i = 0; i < p.length; i++) {
            masked.append(String.format(" %02x", (p[i] ^ KEY[i & 3]) & 0xff));
        }
        return c2s(masked.toString(), T);
    }

    private static String header(int first, int length, boolean masked) {
        int m = masked ? 0x80 : 0;
        return length < 126 ? String.format("%02x %02x", first, m | length)
                : String.format("%02x %02x %02x %02x", first, m | 126, length >> 8, length & 0xff);
    }

    private static String ascii(String s) {
        return HexFormat.ofDelimiter(" ").formatHex(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void validTextOfEveryLengthPassesMaskedOrNot() {
        // RFC 3629 §10: "A<NOT IDENTICAL TO><ALPHA>.", Korean "한국어", Japanese "日本語", and U+233B4 (4 bytes)
        String text = "41 e2 89 a2 ce 91 2e ed 95 9c ea b5 ad ec 96 b4 e6 97 a5 e6 9c ac e8 aa 9e f0 a3 8e b4";
        assertThat(types(server(0x81, text), client(0x81, text))).isEmpty();
        // long ASCII runs (read eight bytes at a time) with characters at odd mask phases among them
        String mixed = ascii("log: session abc123 attached, ") + " c3 a9 " + ascii("then 17 more bytes ok") + " f4 8f bf bf";
        assertThat(types(server(0x81, mixed), client(0x81, mixed))).isEmpty();
        // the edges: U+0000, U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF
        assertThat(types(server(0x81, "00 7f c2 80 df bf e0 a0 80 ed 9f bf ee 80 80 ef bf bf f0 90 80 80 f4 8f bf bf")))
                .isEmpty();
    }

    @Test
    void aReservedOpcodeFrameInsideAMessageIsNotPartOfItsText() {
        // RFC 6455 §5.2: opcodes 3-7 are reserved for further data frames, with no meaning yet; their payload is
        // not the open text message's, so its bytes neither break nor complete the character split around them
        assertThat(types(server(0x01, "41 c3"), server(0x83, "ff"), server(0x80, "a9 42")))
                .containsExactly(AnomalyType.WS_RESERVED_OPCODE);
        assertThat(types(client(0x01, "41 c3"), client(0x83, "41"), client(0x80, "a9 42")))
                .containsExactly(AnomalyType.WS_RESERVED_OPCODE);
    }

    @Test
    void aCharacterSplitAcrossFragmentsOfOneMessageIsFine() {
        // "é" (c3 a9) with its two bytes in two frames of one fragmented message (RFC 6455 §5.4)
        assertThat(types(server(0x01, "41 c3"), server(0x80, "a9 42"))).isEmpty();
        assertThat(types(client(0x01, "41 c3"), client(0x80, "a9 42"))).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreAViolationOfTheirSender() {
        for (String bad : List.of(
                "c3 28",          // a lead byte, then no continuation
                "a9",             // a continuation byte first
                "c0 af",          // overlong "/" (RFC 3629 §10)
                "e0 80 af",       // overlong again, three bytes
                "ed a0 80",       // U+D800, a surrogate (RFC 3629 §3)
                "f4 90 80 80",    // above U+10FFFF
                "f8 88 80 80 80", // a 5-byte form
                "ff",
                "e2 82")) {       // the message ends inside "€"
            WsRun r = run(Exchanges.valid(), server(0x81, ascii("text ") + " " + bad));
            assertThat(r.types()).as(bad).containsExactly(AnomalyType.WS_TEXT_NOT_UTF8);
            assertThat(r.decoder.session().violations()).as(bad).singleElement().satisfies(v -> {
                assertThat(v.type()).isEqualTo(AnomalyType.WS_TEXT_NOT_UTF8);
                assertThat(v.direction()).isEqualTo(Direction.SERVER_TO_CLIENT);
            });
        }
        // masked, in the eight-byte path: the bad byte after 16 ASCII ones
        WsRun r = run(Exchanges.valid(), client(0x81, ascii("sixteen ascii ok") + " ff " + ascii("and more text")));
        assertThat(r.decoder.session().violations()).singleElement()
                .satisfies(v -> assertThat(v.direction()).isEqualTo(Direction.CLIENT_TO_SERVER));
    }

    @Test
    void eachBadMessageCountsOnceAndTheNextIsCheckedAfresh() {
        WsRun r = run(Exchanges.valid(), server(0x81, "ff fe fd"), server(0x81, "41 42"), server(0x81, "c3"));
        assertThat(r.decoder.session().violations()).singleElement().satisfies(v -> assertThat(v.count()).isEqualTo(2));
        assertThat(r.decoder.session().s2c().messages()).isEqualTo(3);
    }

    /**
     * Compressed messages are inflated and their text checked, by default and with payloads kept
     * (--ws-payload-bytes): both give the same anomalies.
     */
    private static List<AnomalyType> inflated(WsRun.Chunk... chunks) {
        return inflated("permessage-deflate", chunks);
    }

    private static List<AnomalyType> inflated(String agreed, WsRun.Chunk... chunks) {
        HttpExchange hs = Exchanges.deflate(agreed);
        List<AnomalyType> types = null;
        for (WsConfig config : List.of(WsConfig.DEFAULTS, WsConfig.DEFAULTS.withPayloadBytesKept(16))) {
            List<String> runs = WsRun.splitRuns(hs, config, List.of(chunks), EndReason.FIN);
            assertThat(runs).as("same result at every split").allMatch(r -> r.equals(runs.get(0)));
            List<AnomalyType> t = WsRun.run(hs, config, List.of(chunks), EndReason.FIN).types();
            assertThat(types == null ? t : types).as("kept or not").isEqualTo(t);
            types = t;
        }
        return types;
    }

    /**
     * Each message compressed as RFC 7692 §7.2.1 says (raw DEFLATE, flushed, its 00 00 ff ff tail removed), in one
     * stream for the direction (context takeover: later messages may refer to earlier ones), as hex.
     */
    private static List<String> deflated(String... messagesHex) {
        return deflated(false, messagesHex);
    }

    /** As above; {@code fresh}: each message a stream of its own (what "no_context_takeover" asks of a sender). */
    private static List<String> deflated(boolean fresh, String... messagesHex) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION,
                true);
        List<String> out = new java.util.ArrayList<>();
        for (String m : messagesHex) {
            if (fresh) {
                deflater.reset();
            }
            out.add(HexFormat.ofDelimiter(" ").formatHex(Deflated.message(deflater,
                    HexFormat.ofDelimiter(" ").parseHex(m))));
        }
        deflater.end();
        return out;
    }

    @Test
    void compressedTextIsCheckedOnceInflated() {
        // RFC 3629 §10's examples, then the same again (the second refers back into the shared window)
        String text = "41 e2 89 a2 ce 91 2e ed 95 9c ea b5 ad ec 96 b4 e6 97 a5 e6 9c ac e8 aa 9e f0 a3 8e b4";
        List<String> ok = deflated(text, text);
        assertThat(inflated(server(0xc1, ok.get(0)), server(0xc1, ok.get(1)))).isEmpty();
        assertThat(inflated(client(0xc1, ok.get(0)), client(0xc1, ok.get(1)))).isEmpty();
        // a byte UTF-8 never uses (RFC 3629 §1), an overlong "/" (§10), a message ending inside a character
        for (String bad : List.of("41 ff 42", "c0 af", "41 e2 89")) {
            assertThat(inflated(server(0xc1, deflated(bad).get(0)))).as(bad)
                    .containsExactly(AnomalyType.WS_TEXT_NOT_UTF8);
            assertThat(inflated(client(0xc1, deflated(bad).get(0)))).as(bad)
                    .containsExactly(AnomalyType.WS_TEXT_NOT_UTF8);
        }
        // fragmented: RSV1 on the first frame only (RFC 7692 §6.1), the character split across the fragments
        String[] halves = deflated("41 c3 a9 42").get(0).split(" ", 2);
        assertThat(inflated(server(0x41, halves[0]), server(0x80, halves[1]))).isEmpty();
        // after a bad message the next good one is fine: the stream's window goes on
        List<String> mixed = deflated("41 ff", text);
        assertThat(inflated(server(0xc1, mixed.get(0)), server(0xc1, mixed.get(1))))
                .containsExactly(AnomalyType.WS_TEXT_NOT_UTF8);
    }

    @Test
    void compressedBytesThatDoNotInflateAreAViolationOfTheirSender() {
        // RFC 1951 §3.2.3: block type 11 is reserved ("ff"); a stored block whose LEN and NLEN disagree
        for (String bad : List.of("ff ff ff", "00 05 00 00 00")) {
            assertThat(inflated(server(0xc1, bad))).as(bad).containsExactly(AnomalyType.WS_DEFLATE_INVALID);
            assertThat(inflated(client(0xc2, bad))).as(bad).containsExactly(AnomalyType.WS_DEFLATE_INVALID);
        }
        WsRun r = WsRun.run(Exchanges.deflate("permessage-deflate"), WsConfig.DEFAULTS,
                List.of(server(0xc1, "ff ff ff")), EndReason.FIN);
        assertThat(r.decoder.session().violations()).singleElement().satisfies(v -> {
            assertThat(v.type()).isEqualTo(AnomalyType.WS_DEFLATE_INVALID);
            assertThat(v.direction()).isEqualTo(Direction.SERVER_TO_CLIENT);
        });
    }

    @Test
    void aMessageThatDoesNotInflateIsNamedForThatOnlyWhereverItsSegmentsEnd() {
        // a stored block (RFC 1951 §3.2.4) with the byte ff, which UTF-8 never uses, then a reserved block type: how
        // much of the block zlib gives out before it finds the second error depends on the segments; the report not
        String bad = "00 01 00 fe ff ff " + "ff ff";
        assertThat(inflated(server(0xc1, bad))).containsExactly(AnomalyType.WS_DEFLATE_INVALID);
        // the same text in good data is named for its text
        assertThat(inflated(server(0xc1, "00 01 00 fe ff ff"))).containsExactly(AnomalyType.WS_TEXT_NOT_UTF8);
    }

    @Test
    void aSenderThatKeepsItsContextAfterAgreeingNotToIsCaught() {
        // the same text twice: the second message is a back-reference into the first (RFC 7692 §7.1.1.1)
        String text = ascii("{\"cpu\": 0.25, \"mem\": 0.5}");
        List<String> shared = deflated(text, text);
        assertThat(inflated("permessage-deflate; server_no_context_takeover",
                server(0xc1, shared.get(0)), server(0xc1, shared.get(1))))
                .containsExactly(AnomalyType.WS_DEFLATE_INVALID);
        // a sender that does start afresh is fine, and so is the other direction, which may keep its context
        List<String> fresh = deflated(true, text, text);
        assertThat(inflated("permessage-deflate; server_no_context_takeover",
                server(0xc1, fresh.get(0)), server(0xc1, fresh.get(1)),
                client(0xc1, shared.get(0)), client(0xc1, shared.get(1)))).isEmpty();
    }

    @Test
    void afterAStreamEndedWithBfinalAReferenceBackIsNotTheSendersFault() {
        // RFC 7692 §7.2.3.4's "Hello" in a BFINAL block; then "Hello" again as a back-reference into that window,
        // which a fresh stream cannot resolve: with context takeover agreed, whether the sender may do so is not
        // settled, so the message is left unread, not named
        java.util.zip.Deflater next = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        next.setDictionary("Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String again = HexFormat.ofDelimiter(" ").formatHex(Deflated.message(next,
                "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(inflated(server(0xc1, "f3 48 cd c9 c9 07 00 00"), server(0xc1, again))).isEmpty();
        // the same back-reference with no BFINAL before it, against no_context_takeover, is the sender's
        assertThat(inflated("permessage-deflate; server_no_context_takeover",
                server(0xc1, deflated(ascii("Hello")).get(0)), server(0xc1, again)))
                .containsExactly(AnomalyType.WS_DEFLATE_INVALID);
    }

    @Test
    void withoutContextTakeoverEachMessageIsCheckedAfreshAfterOneThatDoesNotInflate() {
        String text = ascii("fine");
        List<String> fresh = deflated(true, text);
        assertThat(inflated("permessage-deflate; server_no_context_takeover",
                server(0xc1, "ff ff ff"), server(0xc1, fresh.get(0)), server(0xc1, deflated("41 ff").get(0))))
                .containsExactlyInAnyOrder(AnomalyType.WS_DEFLATE_INVALID, AnomalyType.WS_TEXT_NOT_UTF8);
        // with context takeover the window is gone: nothing later is inflated, so nothing later is named
        assertThat(inflated(server(0xc1, "ff ff ff"), server(0xc1, fresh.get(0)),
                server(0xc1, deflated("41 ff").get(0)))).containsExactly(AnomalyType.WS_DEFLATE_INVALID);
    }

    @Test
    void aGapInACompressedMessageIsNotItsSendersFault() {
        String text = ascii("a message long enough to lose a few bytes of it in a gap");
        List<String> ok = deflated(text, text);
        WsRun.Chunk first = server(0xc1, ok.get(0));
        WsRun r = new WsRun(Exchanges.deflate("permessage-deflate"), WsConfig.DEFAULTS);
        r.feed(Direction.SERVER_TO_CLIENT, first.bytes(), 0, 6, T);
        r.decoder.gap(Direction.SERVER_TO_CLIENT, 6, 3, T);
        r.feed(Direction.SERVER_TO_CLIENT, first.bytes(), 9, first.bytes().length, T);
        WsRun.Chunk second = server(0xc1, ok.get(1));
        r.feed(Direction.SERVER_TO_CLIENT, second.bytes(), 0, second.bytes().length, T);
        r.decoder.end(EndReason.FIN, 10_000_000L);
        assertThat(r.types()).containsExactly(AnomalyType.WS_GAP_IN_PAYLOAD);
        assertThat(r.decoder.session().violations()).isEmpty();
    }

    @Test
    void compressedBinaryIsNotText() {
        assertThat(inflated(server(0xc2, deflated("ff fe c3 28").get(0)))).isEmpty();
    }

    @Test
    void binaryAndCompressedMessagesAreNotText() {
        assertThat(types(server(0x82, "ff fe c3 28"))).isEmpty();
        // RSV1 with permessage-deflate negotiated: the bytes on the wire are deflated, not the text (RFC 7692 §6)
        assertThat(run(Exchanges.deflate("permessage-deflate"), server(0xc1, "f2 48 cd c9 c9 07 00")).types()).isEmpty();
    }
}
