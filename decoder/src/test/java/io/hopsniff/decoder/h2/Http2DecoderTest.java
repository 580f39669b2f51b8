package io.hopsniff.decoder.h2;

import static io.hopsniff.decoder.h2.H2Script.C;
import static io.hopsniff.decoder.h2.H2Script.S;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class Http2DecoderTest {

    private static final Set<AnomalyType> SEEN = EnumSet.noneOf(AnomalyType.class);
    private static final int EH = H2Names.FLAG_END_HEADERS;
    private static final int ES = H2Names.FLAG_END_STREAM;

    private static H2Script.Result run(H2Script s) {
        return run(s, H2Config.DEFAULTS);
    }

    private static H2Script.Result run(H2Script s, H2Config cfg) {
        H2Script.Result r = s.run(cfg, null);
        SEEN.addAll(r.types());
        // every transcript gives the same result split anywhere (style rule 12)
        String whole = r.describe();
        for (int i = 1; i < s.length(); i++) {
            assertThat(s.run(cfg, null, List.of(i)).describe()).as("split at " + i).isEqualTo(whole);
        }
        List<Integer> every = new ArrayList<>();
        for (int i = 1; i < s.length(); i++) {
            every.add(i);
        }
        assertThat(s.run(cfg, null, every).describe()).as("byte by byte").isEqualTo(whole);
        return r;
    }

    static H2Script simpleGet() {
        return H2Script.prior()
                .headers(C, 1, EH | ES, ":method", "GET", ":scheme", "http", ":path", "/a", ":authority", "b.example")
                .headers(S, 1, EH, ":status", "200", "content-length", "5")
                .frame(S, H2Names.DATA, ES, 1, "hello".getBytes());
    }

    /**
     * Decoded header octets are budgeted per direction (RFC 9113 §6.5.2 counting: name + value + 32 a field): each
     * request below is 42 + 43 + 39 + 43 + 87 = 254 octets, so with 300 the second one keeps only its
     * pseudo-headers and the limit is named.
     */
    @Test
    void decodedHeadersPastTheBudgetKeepOnlyPseudoHeaders() {
        String pad = "p".repeat(50);
        H2Script s = H2Script.prior();
        for (int id : new int[] {1, 3}) {
            s.headers(C, id, EH | ES, ":method", "GET", ":scheme", "http", ":path", "/a", ":authority", "b", "x-pad", pad)
                    .headers(S, id, EH | ES, ":status", "204");
        }
        H2Script.Result r = run(s, H2Config.DEFAULTS.withMaxDecodedHeaderBytes(300));
        assertThat(r.exchanges).hasSize(2);
        assertThat(r.exchanges.get(0).request().fields().first("x-pad")).isEqualTo(pad);
        assertThat(r.exchanges.get(1).request().fields().first("x-pad")).isNull();
        assertThat(r.exchanges.get(1).request().target()).isEqualTo("/a");
        assertThat(r.first(AnomalyType.H2_DECODED_HEADERS_LIMIT).detail())
                .isEqualTo("direction=c2s, stream=3, decoded_bytes=508, limit=300");
    }

    /**
     * Fields of open streams hold the run's kept-bytes budget until their stream is emitted (254 octets a request
     * here, as above): with room for one, the second stream, opened while the first holds its share, keeps only its
     * pseudo-headers, the budget is named, and all of it is given back once the streams are emitted.
     */
    @Test
    void fieldsOfOpenStreamsHoldTheRunsBudgetUntilEmitted() {
        String pad = "p".repeat(50);
        io.hopsniff.decoder.http.KeptBytes budget = new io.hopsniff.decoder.http.KeptBytes(400);
        H2Script s = H2Script.prior().budget(budget);
        for (int id : new int[] {1, 3}) {
            s.headers(C, id, EH, ":method", "POST", ":scheme", "http", ":path", "/a", ":authority", "b", "x-pad", pad);
        }
        H2Script.Result r = s.run(H2Config.DEFAULTS, null); // ends the connection: both streams emitted incomplete
        SEEN.addAll(r.types());

        assertThat(r.exchanges).hasSize(2);
        assertThat(r.exchanges.get(0).request().fields().first("x-pad")).isEqualTo(pad);
        assertThat(r.exchanges.get(1).request().fields().first("x-pad")).isNull();
        assertThat(r.exchanges.get(1).request().target()).isEqualTo("/a");
        assertThat(r.first(AnomalyType.H2_DECODED_HEADERS_LIMIT).detail())
                .isEqualTo("direction=c2s, stream=3, kept_bytes_limit=400 (spent by all connections together)");
        assertThat(budget.used()).isZero();
    }

    /**
     * HPACK dynamic tables hold the run's budget for all tables while their entries are in them (RFC 7541 §4.1
     * octets: name + value + 32 an entry, 1000 here): with room for two, the third entry of the block fails, that
     * direction's HPACK state is lost (its table is emptied and given back), and the limit is named; with room for
     * three the same block decodes whole. Every octet is back once the connection ends.
     */
    @Test
    void hpackTablesHoldTheRunsBudget() {
        String v = "v".repeat(1000 - 3 - 32);
        for (long room : new long[] {2500, 3000}) {
            io.hopsniff.decoder.http.KeptBytes budget = new io.hopsniff.decoder.http.KeptBytes(room);
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.writeBytes(H2Script.block(":method", "GET", ":scheme", "http", ":path", "/a", ":authority", "b"));
            b.writeBytes(H2Script.indexedBlock("x-1", v, "x-2", v, "x-3", v));
            H2Script s = H2Script.prior().tables(budget).frame(C, H2Names.HEADERS, EH, 1, b.toByteArray());
            H2Script.Result r = s.run(H2Config.DEFAULTS, null);
            SEEN.addAll(r.types());
            if (room == 2500) {
                assertThat(r.first(AnomalyType.H2_HPACK_TABLE_LIMIT).detail()).isEqualTo("direction=c2s, stream=1, "
                        + "limit_all=2500 (tables of all connections together), table_entry=1000, hpack=lost");
            } else {
                assertThat(r.types()).doesNotContain(AnomalyType.H2_HPACK_TABLE_LIMIT);
                assertThat(r.exchanges).singleElement()
                        .satisfies(e -> assertThat(e.request().fields().first("x-3")).isEqualTo(v));
            }
            assertThat(budget.used()).isZero();
        }
    }

    /** Past the open-stream cap the oldest stream is reported incomplete, and the limit is named each time. */
    @Test
    void pastTheOpenStreamsLimitTheOldestGoesAndTheLimitIsNamed() {
        H2Script s = H2Script.prior();
        int streams = H2Config.DEFAULTS.maxOpenStreams() + 2;
        for (int i = 0; i < streams; i++) {
            s.headers(C, 1 + 2 * i, EH, ":method", "POST", ":scheme", "http", ":path", "/u", ":authority", "b");
        }
        // 4098 streams: too long to re-feed split at every byte like the other scripts, so run once
        H2Script.Result r = s.run(H2Config.DEFAULTS, null);
        SEEN.addAll(r.types());
        assertThat(r.types().stream().filter(t -> t == AnomalyType.H2_OPEN_STREAMS_LIMIT)).hasSize(2);
        assertThat(r.first(AnomalyType.H2_OPEN_STREAMS_LIMIT).detail()).isEqualTo("stream=1, limit=4096");
        assertThat(r.exchanges.get(0).request().target()).isEqualTo("/u");
    }

    /**
     * Streams open beyond each connection's first are counted over the run: at the run's limit (2 here) the
     * connection's oldest open stream is reported incomplete to make room, as at its own limit, and the count is
     * back to 0 once the connection ends.
     */
    @Test
    void pastTheRunsOpenStreamsLimitTheOldestGoes() {
        io.hopsniff.decoder.http.RunCount openAll = new io.hopsniff.decoder.http.RunCount(2, "open");
        H2Script s = H2Script.prior().openAll(openAll);
        for (int i = 0; i < 4; i++) {
            s.headers(C, 1 + 2 * i, EH, ":method", "POST", ":scheme", "http", ":path", "/" + i, ":authority", "b");
        }
        H2Script.Result r = s.run(H2Config.DEFAULTS, null);
        SEEN.addAll(r.types());
        assertThat(r.types().stream().filter(t -> t == AnomalyType.H2_OPEN_STREAMS_LIMIT)).hasSize(1);
        assertThat(r.first(AnomalyType.H2_OPEN_STREAMS_LIMIT).detail())
                .isEqualTo("stream=1, limit_all=2 (open on all connections together)");
        assertThat(r.exchanges).extracting(e -> e.request().target()).containsExactly("/0", "/1", "/2", "/3");
        assertThat(openAll.count()).isZero();
    }

    /** A response without :status (or with a bad one) is kept, with status 0 and H2_STATUS_INVALID, not dropped. */
    @Test
    void aResponseWithoutAStatusIsKeptAndFlagged() {
        H2Script s = H2Script.prior()
                .headers(C, 1, EH | ES, ":method", "GET", ":scheme", "http", ":path", "/a", ":authority", "b.example")
                .headers(S, 1, EH | ES, "content-type", "text/plain");
        H2Script.Result r = run(s);
        assertThat(r.exchanges).singleElement().satisfies(e -> assertThat(e.response().status()).isZero());
        assertThat(r.first(AnomalyType.H2_STATUS_INVALID).detail()).isEqualTo("stream=1, found=none");
        H2Script.Result bad = run(H2Script.prior()
                .headers(C, 1, EH | ES, ":method", "GET", ":scheme", "http", ":path", "/a", ":authority", "b.example")
                .headers(S, 1, EH | ES, ":status", "2XX"));
        assertThat(bad.first(AnomalyType.H2_STATUS_INVALID).detail()).isEqualTo("stream=1, found=2XX");
    }

    @Test
    void aStreamBecomesAnExchange() {
        H2Script.Result r = run(simpleGet(), H2Config.DEFAULTS.withBodyPrefixBytes(3));
        assertThat(r.exchanges).hasSize(1);
        HttpExchange e = r.exchanges.get(0);
        assertThat(e.id()).isEqualTo(1);
        assertThat(e.connectionId()).isEqualTo(7);
        assertThat(e.sequence()).isZero();
        assertThat(e.request().method()).isEqualTo("GET");
        assertThat(e.request().target()).isEqualTo("/a");
        assertThat(e.request().version()).isEqualTo("HTTP/2");
        assertThat(e.request().headers()).startsWith(new HttpHeader(":method", "GET"));
        assertThat(e.request().complete()).isTrue();
        assertThat(e.request().framing()).isEqualTo(BodyFraming.NONE);
        assertThat(e.response().status()).isEqualTo(200);
        assertThat(e.response().reason()).isEmpty();
        assertThat(e.response().bodyBytes()).isEqualTo(5);
        assertThat(e.response().bodyPrefix()).isEqualTo("hel".getBytes());
        assertThat(e.response().framing()).isEqualTo(BodyFraming.CONTENT_LENGTH);
        assertThat(e.response().complete()).isTrue();
        assertThat(r.anomalies).isEmpty();
        assertThat(r.decoder.serverSpokeHttp2()).isTrue();
        H2ConnectionSummary s = r.decoder.summary();
        assertThat(s.framesC2s()).containsEntry("HEADERS", 1L).containsEntry("SETTINGS", 1L);
        assertThat(s.framesS2c()).containsEntry("DATA", 1L);
        assertThat(s.streamsOpened()).isEqualTo(1);
        assertThat(s.streamsClosed()).isEqualTo(1);
        assertThat(s.clientPrefaceSeen()).isTrue();
    }

    @Test
    void paddingPriorityContinuationInterimAndTrailers() {
        byte[] block = H2Script.block(":method", "POST", ":path", "/up", ":authority", "x");
        byte[] padded = H2Script.concat(new byte[] {3}, new byte[] {0, 0, 0, 0, 16}, Arrays.copyOf(block, 4), new byte[3]);
        H2Script s = H2Script.prior()
                .frame(C, H2Names.HEADERS, H2Names.FLAG_PADDED | H2Names.FLAG_PRIORITY, 1, padded)
                .frame(C, H2Names.CONTINUATION, EH, 1, Arrays.copyOfRange(block, 4, block.length))
                .frame(C, H2Names.DATA, H2Names.FLAG_PADDED, 1, H2Script.concat(new byte[] {2}, "abc".getBytes(), new byte[2]))
                .headers(C, 1, EH | ES, "x-trailer", "t")
                .frame(C, 0x20, 0, 0, new byte[] {1, 2, 3}) // unknown type: skipped
                .headers(S, 1, EH, ":status", "100")
                .headers(S, 1, EH | ES, ":status", "204");
        H2Script.Result r = run(s);
        HttpExchange e = r.exchanges.get(0);
        assertThat(e.request().method()).isEqualTo("POST");
        assertThat(e.request().bodyBytes()).isEqualTo(3);
        assertThat(e.request().trailers()).containsExactly(new HttpHeader("x-trailer", "t"));
        assertThat(e.interim()).extracting(x -> x.status()).containsExactly(100);
        assertThat(e.response().status()).isEqualTo(204);
        assertThat(r.anomalies).isEmpty();
        assertThat(r.decoder.summary().framesC2s()).containsEntry("UNKNOWN", 1L).containsEntry("CONTINUATION", 1L);
    }

    @Test
    void h2cUpgradeRequestIsStreamOne() {
        HttpRequest up = new HttpRequest("GET", "/", "HTTP/1.1", List.of(new HttpHeader("Upgrade", "h2c"),
                new HttpHeader("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")), List.of(), 1, 1, 1, 100, 0,
                new byte[0], BodyFraming.NONE, true);
        HttpExchange upgrade = new HttpExchange(1, 7, 0, up, List.of(), null);
        H2Script s = new H2Script().frame(S, H2Names.SETTINGS, 0, 0)
                .raw(C, FrameReader.PREFACE).frame(C, H2Names.SETTINGS, 0, 0)
                .headers(S, 1, EH, ":status", "200").frame(S, H2Names.DATA, ES, 1, "hi".getBytes());
        H2Script.Result r = s.run(H2Config.DEFAULTS, upgrade);
        assertThat(r.exchanges).hasSize(1);
        assertThat(r.exchanges.get(0).request()).isSameAs(up);
        assertThat(r.exchanges.get(0).response().status()).isEqualTo(200);
        assertThat(r.decoder.summary().settingsC2s()).containsEntry("MAX_CONCURRENT_STREAMS", 100L)
                .containsEntry("INITIAL_WINDOW_SIZE", 1073741824L).containsEntry("ENABLE_PUSH", 0L);
        assertThat(r.anomalies).isEmpty();
    }

    @Test
    void serverAnsweringThePrefaceInHttp1() {
        H2Script s = new H2Script().raw(C, FrameReader.PREFACE)
                .raw(S, "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        H2Script.Result r = run(s);
        assertThat(r.decoder.serverSpokeHttp2()).isFalse();
        assertThat(r.first(AnomalyType.H2_PREFACE_NOT_ANSWERED_WITH_SETTINGS).detail()).contains("HTTP/1.1\\x20");
        assertThat(r.decoder.summary().undecodedS2c()).isEqualTo("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n".length());
    }

    @Test
    void clientWithoutPreface() {
        H2Script.Result r = run(new H2Script().raw(C, "GET / HTTP/1.1\r\n\r\n"));
        assertThat(r.types()).containsExactly(AnomalyType.H2_CLIENT_PREFACE_INVALID);
        assertThat(r.decoder.summary().undecodedC2s()).isEqualTo(18);
    }

    @Test
    void frameSizeAndFlowControlAgainstWhatTheReceiverAdvertised() {
        H2Script s = new H2Script().raw(C, FrameReader.PREFACE)
                .frame(C, H2Names.SETTINGS, 0, 0, H2Script.setting(H2Names.SETTINGS_INITIAL_WINDOW_SIZE, 10))
                .frame(S, H2Names.SETTINGS, 0, 0, H2Script.setting(H2Names.SETTINGS_MAX_FRAME_SIZE, 20000))
                .headers(C, 1, EH | ES, ":method", "GET", ":path", "/")
                .headers(S, 1, EH, ":status", "200")
                .frame(S, H2Names.DATA, 0, 1, new byte[17000])        // > 16384 the client allows, > window 10
                .frame(C, H2Names.WINDOW_UPDATE, 0, 1, H2Script.u32(100000))
                .frame(S, H2Names.DATA, ES, 1, new byte[10]);
        H2Script.Result r = run(s);
        assertThat(r.first(AnomalyType.H2_FRAME_SIZE_EXCEEDED).detail()).contains("limit=16384");
        assertThat(r.types()).filteredOn(t -> t == AnomalyType.H2_FLOW_CONTROL_EXCEEDED).hasSize(1);
        assertThat(r.first(AnomalyType.H2_FLOW_CONTROL_EXCEEDED).detail()).contains("window=stream");
        assertThat(r.exchanges.get(0).response().bodyBytes()).isEqualTo(17010);
    }

    @Test
    void malformedFramesAndContinuationSequencing() {
        H2Script s = H2Script.prior()
                .frame(C, H2Names.PING, 0, 0, new byte[4])
                .frame(C, H2Names.CONTINUATION, EH, 3, new byte[0])
                .frame(C, H2Names.HEADERS, 0, 1, H2Script.block(":method", "GET"))
                .frame(C, H2Names.DATA, ES, 1, new byte[0]);
        H2Script.Result r = run(s);
        assertThat(r.types()).contains(AnomalyType.H2_FRAME_MALFORMED, AnomalyType.H2_CONTINUATION_UNEXPECTED,
                AnomalyType.H2_CONTINUATION_MISSING);
    }

    @Test
    void hpackFailuresAndLimits() {
        H2Script s = H2Script.prior()
                .frame(C, H2Names.HEADERS, EH, 1, new byte[] {0x3f, (byte) 0xe2, 0x1f}) // size update 4097 > 4096
                .frame(S, H2Names.HEADERS, EH, 1, new byte[] {(byte) 0x80})            // index 0
                .frame(S, H2Names.HEADERS, EH | ES, 3, H2Script.block(":status", "200")); // S2C context now lost
        H2Script.Result r = run(s);
        assertThat(r.types()).contains(AnomalyType.H2_HPACK_TABLE_SIZE_EXCEEDED, AnomalyType.H2_HPACK_DECODING_FAILED);
        H2Script.Result capped = run(H2Script.prior().frame(C, H2Names.HEADERS, EH, 1, new byte[] {0x3f, 0x46}),
                H2Config.DEFAULTS.withMaxDynamicTable(100));
        assertThat(capped.types()).contains(AnomalyType.H2_HPACK_TABLE_LIMIT);
        H2Script.Result big = run(H2Script.prior().headers(C, 1, EH | ES, ":method", "GET", "x", "y".repeat(60)),
                H2Config.DEFAULTS.withMaxHeaderListBytes(80));
        assertThat(big.first(AnomalyType.H2_HEADER_LIST_TOO_LARGE).detail()).contains("list_bytes");
        assertThat(big.exchanges.get(0).request().method()).isEqualTo("GET");
    }

    @Test
    void settingsResetsGoawayAndClosedStreams() {
        H2Script s = simpleGet()
                .frame(S, H2Names.SETTINGS, 0, 0, H2Script.setting(H2Names.SETTINGS_ENABLE_PUSH, 2))
                .frame(S, H2Names.DATA, ES, 1, new byte[1])
                .headers(C, 3, EH, ":method", "GET", ":path", "/b")
                .frame(S, H2Names.RST_STREAM, 0, 3, H2Script.u32(0xd))
                .frame(C, H2Names.GOAWAY, 0, 0, H2Script.concat(H2Script.u32(0), H2Script.u32(0)))
                .frame(S, H2Names.GOAWAY, 0, 0, H2Script.concat(H2Script.u32(3), H2Script.u32(1)));
        H2Script.Result r = run(s);
        assertThat(r.types()).contains(AnomalyType.H2_SETTINGS_INVALID, AnomalyType.H2_FRAME_ON_CLOSED_STREAM,
                AnomalyType.H2_STREAM_RESET, AnomalyType.H2_GOAWAY, AnomalyType.H2_GOAWAY_ERROR);
        assertThat(r.first(AnomalyType.H2_STREAM_RESET).detail()).contains("code=HTTP_1_1_REQUIRED");
        assertThat(r.first(AnomalyType.H2_STREAM_RESET).transactionId()).isEqualTo(2);
        assertThat(r.first(AnomalyType.H2_GOAWAY_ERROR).detail()).contains("code=PROTOCOL_ERROR");
        assertThat(r.exchanges.get(1).response()).isNull();
        assertThat(r.decoder.summary().streamsReset()).isEqualTo(1);
        assertThat(r.decoder.summary().goawayS2c()).isEqualTo("PROTOCOL_ERROR");
    }

    @Test
    void extendedConnectIsNamed() {
        H2Script s = H2Script.prior()
                .frame(S, H2Names.SETTINGS, 0, 0, H2Script.setting(H2Names.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1))
                .headers(C, 1, EH, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "http",
                        ":path", "/chat", ":authority", "b.example")
                .headers(S, 1, EH, ":status", "200")
                .frame(C, H2Names.DATA, 0, 1, new byte[4]);
        H2Script.Result r = run(s);
        assertThat(r.first(AnomalyType.H2_EXTENDED_CONNECT).detail())
                .contains("protocol=websocket").contains("server_enable_connect_protocol=1");
        HttpExchange e = r.exchanges.get(0);
        assertThat(e.request().target()).isEqualTo("/chat");
        assertThat(e.request().framing()).isEqualTo(BodyFraming.TUNNEL);
        assertThat(e.request().complete()).isFalse();
        assertThat(r.types()).contains(AnomalyType.H2_STREAM_INCOMPLETE);
    }

    @Test
    void plainConnectTargetIsTheAuthority() {
        H2Script.Result r = run(H2Script.prior().headers(C, 1, EH, ":method", "CONNECT", ":authority", "db:5432")
                .headers(S, 1, EH | ES, ":status", "403"));
        // the client never ended its side: emitted at end, incomplete, without framing TUNNEL (not 2xx)
        HttpExchange e = r.exchanges.get(0);
        assertThat(e.request().target()).isEqualTo("db:5432");
        assertThat(e.request().complete()).isFalse();
        assertThat(e.request().framing()).isEqualTo(BodyFraming.NONE);
        assertThat(e.response().status()).isEqualTo(403);
    }

    @Test
    void contentLengthMismatchAndPush() {
        H2Script s = H2Script.prior()
                .headers(C, 1, EH | ES, ":method", "GET", ":path", "/")
                .frame(S, H2Names.PUSH_PROMISE, EH, 1, H2Script.concat(H2Script.u32(2),
                        H2Script.block(":method", "GET", ":path", "/style.css")))
                .headers(S, 1, EH, ":status", "200", "content-length", "10")
                .frame(S, H2Names.DATA, ES, 1, new byte[5])
                .headers(S, 2, EH | ES, ":status", "200");
        H2Script.Result r = run(s);
        assertThat(r.first(AnomalyType.H2_CONTENT_LENGTH_MISMATCH).detail()).contains("expected=10, found=5");
        assertThat(r.exchanges).extracting(e -> e.request().target()).containsExactly("/", "/style.css");
        assertThat(r.streamIds).containsExactly(1, 2);
    }

    @Test
    void gapLosesOneDirectionOnly() {
        H2Script.Result r = new H2Script.Result();
        Http2Decoder d = new Http2Decoder(1, null, H2Config.DEFAULTS, () -> 1, r.exchanges::add, r.anomalies::add);
        H2Script s = simpleGet();
        d.data(C, java.nio.ByteBuffer.wrap(s.chunks.get(0).bytes()), 0, 1);
        d.gap(C, 24, 100, 2);
        d.data(C, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 124, 3);
        d.data(S, java.nio.ByteBuffer.wrap(s.chunks.get(2).bytes()), 0, 4);
        d.end(io.hopsniff.decoder.tcp.EndReason.STILL_OPEN, 5);
        SEEN.addAll(r.types());
        assertThat(r.types()).containsExactly(AnomalyType.H2_FRAMES_UNDECODABLE);
        assertThat(d.summary().undecodedC2s()).isEqualTo(103);
        assertThat(d.summary().framesS2c()).containsEntry("SETTINGS", 1L);
    }

    @Test
    void aLongConnectionDoesNotFlood() {
        H2Script s = H2Script.prior();
        for (int i = 0; i < 50; i++) {
            s.frame(C, H2Names.PING, 0, 0, new byte[3]);
        }
        H2Script.Result r = s.run(H2Config.DEFAULTS, null);
        assertThat(r.types()).hasSize(AnomalyAggregator.INDIVIDUAL + 1);
        assertThat(r.anomalies.get(r.anomalies.size() - 1).detail()).startsWith("repeated=46 more (total=50)");
    }

    @AfterAll
    static void everyH2IdHasATestThatTriggersIt() {
        for (AnomalyType t : AnomalyType.values()) {
            if (t.layer().equals("H2")) {
                assertThat(SEEN).as("no test triggers " + t).contains(t);
            }
        }
    }
}
