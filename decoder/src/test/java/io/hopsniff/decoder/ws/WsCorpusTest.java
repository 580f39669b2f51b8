package io.hopsniff.decoder.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our frames against tshark 4.0.17's {@code NAME.ws.tsv} oracles (see the corpus MANIFEST.md): per tcp stream and
 * direction, the same frames in the same order with the same opcode, payload length, fin, mask, rsv1 and close
 * code. No disagreement was found; a capture where one is found gets a comment here with the reason.
 */
class WsCorpusTest {

    static final Path CORPUS = RepoPaths.corpus();

    static Stream<String> captures() throws Exception {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ws.tsv"))
                    .map(n -> n.substring(0, n.length() - ".ws.tsv".length())).sorted().toList().stream();
        }
    }

    static Path capture(String name) {
        Path p = CORPUS.resolve(name + ".pcap");
        return Files.exists(p) ? p : CORPUS.resolve(name + ".pcapng");
    }

    /** "c2s 1 140 1 1 0 -" lines per tcp stream, in file order. */
    static Map<Integer, List<String>> oracle(String name) throws Exception {
        Map<Integer, List<String>> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(CORPUS.resolve(name + ".ws.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            String close = c.length > 10 && !c[10].isEmpty() ? c[10] : "-";
            out.computeIfAbsent(Integer.parseInt(c[1]), k -> new ArrayList<>())
                    .add(c[2] + " " + c[5] + " " + c[6] + " " + c[7] + " " + c[8] + " " + c[9] + " " + close);
        }
        return out;
    }

    static String line(WsFrame f) {
        return f.direction().shortName() + " " + f.opcode() + " " + f.payloadLength() + " " + (f.fin() ? 1 : 0) + " "
                + (f.masked() ? 1 : 0) + " " + (f.rsv1() ? 1 : 0) + " " + (f.closeCode() == null ? "-" : f.closeCode());
    }

    @ParameterizedTest
    @MethodSource("captures")
    void framesMatchTshark(String name) throws Exception {
        PcapWs result = PcapWs.read(capture(name), WsConfig.DEFAULTS.withPayloadBytesKept(4096));
        List<List<String>> expected = new ArrayList<>(oracle(name).values());
        assertThat(result.sockets).as(name + ": WebSockets").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            PcapWs.Ws ws = result.sockets.get(i);
            List<String> ours = ws.frames.stream().map(WsCorpusTest::line).toList();
            for (Direction d : Direction.values()) {
                String dir = d.shortName();
                assertThat(ours.stream().filter(l -> l.startsWith(dir)).toList()).as(name + " socket " + i + " " + dir)
                        .isEqualTo(expected.get(i).stream().filter(l -> l.startsWith(dir)).toList());
            }
            assertThat(ws.decoder.session().undecodable()).as(name).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void sameResultAtEverySplit(String name) throws Exception {
        PcapWs result = PcapWs.read(capture(name), WsConfig.DEFAULTS.withPayloadBytesKept(64));
        for (PcapWs.Ws ws : result.sockets) {
            // every split re-feeds the whole tunnel: bound the quadratic cost to the first ~4 KB (wstunnel-ssh)
            List<WsRun.Chunk> chunks = new ArrayList<>();
            int total = 0;
            for (WsRun.Chunk c : ws.chunks) {
                if (total > 0 && total + c.bytes().length > 4096) {
                    break;
                }
                chunks.add(c);
                total += c.bytes().length;
            }
            List<String> runs = WsRun.splitRuns(ws.handshake, WsConfig.DEFAULTS.withPayloadBytesKept(64), chunks,
                    ws.endReason);
            assertThat(runs).as(name).allMatch(r -> r.equals(runs.get(0)));
        }
    }

    @org.junit.jupiter.api.Test
    void wrongAcceptHeader() throws Exception {
        Path p = CORPUS.resolve("zeek-websocket-wrong-accept-header.pcap");
        PcapWs result = PcapWs.read(p, WsConfig.DEFAULTS);
        assertThat(result.handshakeAnomalies).extracting(Anomaly::type).containsExactly(AnomalyType.WS_ACCEPT_MISMATCH);
        assertThat(HandshakeFacts.of(result.sockets.get(0).handshake).acceptValid()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void validHandshakesInTheCorpus() throws Exception {
        for (String name : List.of("zeek-http-websocket", "zeek-websocket-compressed", "suri-websocket-compressed",
                "zeek-websocket-two-binary-fragments")) {
            PcapWs result = PcapWs.read(capture(name), WsConfig.DEFAULTS);
            assertThat(result.handshakeAnomalies).as(name).isEmpty();
            assertThat(HandshakeFacts.of(result.sockets.get(0).handshake).acceptValid()).as(name).isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void compressedCorpusInflates() throws Exception {
        Path p = capture("zeek-websocket-compressed");
        PcapWs result = PcapWs.read(p, WsConfig.DEFAULTS.withPayloadBytesKept(4096));
        WebSocketDecoder d = result.sockets.get(0).decoder;
        assertThat(d.keptMessages(Direction.CLIENT_TO_SERVER)).singleElement().satisfies(m -> {
            assertThat(m.compressed()).isTrue();
            assertThat(m.complete()).isTrue();
        });
        assertThat(d.keptMessages(Direction.SERVER_TO_CLIENT)).singleElement().matches(KeptMessage::complete);
        assertThat(result.sockets.get(0).anomalies).isEmpty();
    }

    /**
     * The largest message of each direction, inflated, without payload capture. Expected values: each text frame's
     * payload as tshark places it (tcp.payload of the frames with websocket.opcode), unmasked and inflated by
     * Python's zlib (raw DEFLATE with 00 00 ff ff appended, one stream a direction): zeek's client message 32 bytes
     * on the wire -> 1000, its server message 42 -> 1350; Suricata's largest, 38 -> 36.
     */
    @Test
    void largestMessagesInflated() throws Exception {
        WebSocketSession zeek = PcapWs.read(capture("zeek-websocket-compressed"), WsConfig.DEFAULTS).sockets.get(0)
                .decoder.session();
        assertThat(zeek.c2s().largestMessageBytes()).isEqualTo(1000);
        assertThat(zeek.c2s().largestMessageWireBytes()).isEqualTo(32);
        assertThat(zeek.s2c().largestMessageBytes()).isEqualTo(1350);
        assertThat(zeek.s2c().largestMessageWireBytes()).isEqualTo(42);
        WebSocketSession suri = PcapWs.read(capture("suri-websocket-compressed"), WsConfig.DEFAULTS).sockets.get(0)
                .decoder.session();
        assertThat(suri.s2c().messages()).isEqualTo(10);
        assertThat(suri.s2c().largestMessageBytes()).isEqualTo(36);
        assertThat(suri.s2c().largestMessageWireBytes()).isEqualTo(38);
        assertThat(suri.c2s().largestMessageBytes()).as("no message from the client").isNull();
    }
}
