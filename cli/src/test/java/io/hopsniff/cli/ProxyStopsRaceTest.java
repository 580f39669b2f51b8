package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Caddy 2.6.2 stopping writes its own close 1001 to each end of a proxied WebSocket, the backend's unmasked
 * (caddyserver/caddy#5199), one end after the other in Go's random map order, closing each end right after its frame.
 * When the client's end goes first, the client's masked close reply can reach Caddy before Caddy closes that end and
 * be relayed to the backend ahead of Caddy's own unmasked close: the backend then answers 1001 and the unmasked
 * frame arrives after the close handshake. Both orders are real recordings: samples/lab-proxy-stops (unmasked first:
 * uvicorn answers 1002, its app sees WebSocketDisconnect 1006) and samples/lab-proxy-stops-crossed (one run in 16 on
 * a machine with its two cores busy; the app sees WebSocketDisconnect 1001). Which came first is tshark's reading.
 */
class ProxyStopsRaceTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lab-proxy-stops, false", "lab-proxy-stops-crossed, true"})
    void theProxysUnmaskedCloseIsTheErrorWhicheverCloseReachedTheBackendFirst(String name, boolean crossed)
            throws Exception {
        JsonNode ports = CliRun.readJson(RepoPaths.samples().resolve(name + ".expect.json")).get("ports");
        int backendPort = ports.get("backend_uvicorn").asInt();
        String backend = "127.0.0.1:" + backendPort;
        Path pcap = RepoPaths.samples().resolve(name + ".pcap");
        assertThat(unmaskedCloseFirst(pcap, backendPort)).as("tshark: the first close toward the backend is unmasked")
                .isEqualTo(!crossed);
        ThreeWays.Reports three = ThreeWays.analyze(pcap, tmp, backend, "127.0.0.1:" + ports.get("caddy").asInt());
        for (JsonNode report : three.all()) {
            assertThat(backendAnswer(report, backend)).as("uvicorn's close")
                    .isEqualTo(expectedBackendAnswer(pcap, backendPort));
            assertThat(ThreeWays.lead(report)).isEqualTo("DIAG_WEBSOCKET_PROTOCOL_ERROR");
            JsonNode d = report.get("diagnoses").get(0);
            assertThat(d.get("verdict").asText())
                    .contains("the proxy sent 1 unmasked close frame (WS_CLIENT_FRAME_UNMASKED)");
            assertThat(d.get("verdict").asText().contains("discarded it (RFC 6455 §1.4) and this time it changed nothing"))
                    .as("the verdict says the unmasked close came too late to matter").isEqualTo(crossed);
            assertThat(d.get("causes").get(0).asText()).startsWith("the proxy closed the WebSocket itself");
        }
    }

    /**
     * What uvicorn's websockets answers, from the order on the wire: an unmasked close read first fails the
     * connection with 1002 (RFC 6455 §5.1, §7.4.1); a masked close 1001 read first is echoed (§5.5.1), and nothing
     * is read after it.
     */
    static int expectedBackendAnswer(Path pcap, int backendPort) throws Exception {
        return unmaskedCloseFirst(pcap, backendPort) ? 1002 : 1001;
    }

    /** True when tshark's first close frame toward the backend port has its MASK bit clear. */
    static boolean unmaskedCloseFirst(Path pcap, int backendPort) throws Exception {
        String out = LoopbackServices.run("tshark", "-r", pcap.toString(), "-d", "tcp.port==" + backendPort + ",http",
                "-Y", "websocket && tcp.dstport == " + backendPort, "-T", "fields", "-e", "websocket.opcode",
                "-e", "websocket.mask");
        for (String line : out.split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length < 2) {
                continue;
            }
            String[] opcodes = cols[0].split(",");
            String[] masks = cols[1].split(",");
            for (int i = 0; i < opcodes.length && i < masks.length; i++) {
                if (opcodes[i].trim().equals("8")) {
                    return masks[i].trim().equals("0") || masks[i].trim().equals("False");
                }
            }
        }
        throw new AssertionError("tshark shows no close frame toward port " + backendPort + ":\n" + out);
    }

    private static int backendAnswer(JsonNode report, String backend) {
        for (JsonNode t : report.get("transactions")) {
            if (t.get("server").asText().equals(backend) && t.at("/request/target").asText().equals("/ws/lab-open")) {
                return t.at("/websocket/s2c/close_code").asInt();
            }
        }
        throw new AssertionError("no /ws/lab-open to " + backend);
    }
}
