package io.hopsniff.decoder.ws;

import static io.hopsniff.decoder.ws.WsRun.c2s;
import static io.hopsniff.decoder.ws.WsRun.s2c;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.tcp.EndReason;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Each direction's largest message, in the bytes its receiver's size limit counts: the payload of its frames joined
 * (RFC 6455 §5.4), inflated when compressed (RFC 7692 §7.2.2: websockets' max_size and uvicorn's --ws-max-size count
 * the inflated message). Control frames between fragments are no part of it; a message whose size cannot be known
 * (compressed with no handshake seen) is left out.
 */
class MessageSizeTest {

    private static final long T = 2_000_000L;

    private static WsRun run(HttpExchange hs, WsRun.Chunk... chunks) {
        List<String> runs = WsRun.splitRuns(hs, WsConfig.DEFAULTS, List.of(chunks), EndReason.FIN);
        assertThat(runs).as("same result at every split").allMatch(r -> r.equals(runs.get(0)));
        return WsRun.run(hs, WsConfig.DEFAULTS, List.of(chunks), EndReason.FIN);
    }

    /** An unmasked server frame with first byte {@code first} (FIN, RSV, opcode) and {@code payload}. */
    private static WsRun.Chunk server(int first, byte[] payload) {
        String len = payload.length < 126 ? String.format("%02x", payload.length)
                : String.format("7e %02x %02x", payload.length >> 8, payload.length & 0xff);
        return s2c(String.format("%02x ", first) + len + " " + HexFormat.ofDelimiter(" ").formatHex(payload), T);
    }

    /** A client frame, masked with an all-zero key (RFC 6455 §5.3: any key; zero leaves the payload as it is). */
    private static WsRun.Chunk client(int first, byte[] payload) {
        return c2s(String.format("%02x %02x 00 00 00 00 ", first, 0x80 | payload.length)
                + HexFormat.ofDelimiter(" ").formatHex(payload), T);
    }

    @Test
    void theLargestMessageOfEachDirectionFragmentsJoined() {
        WsRun r = run(Exchanges.valid(),
                server(0x81, new byte[5]),
                server(0x01, new byte[60]), server(0x89, new byte[3]), server(0x80, new byte[70]), // ping between
                server(0x82, new byte[100]),
                client(0x81, new byte[7]));
        WebSocketDirection s2c = r.decoder.session().s2c();
        assertThat(s2c.messages()).isEqualTo(3);
        assertThat(s2c.largestMessageBytes()).isEqualTo(130);
        assertThat(s2c.largestMessageWireBytes()).isEqualTo(130);
        assertThat(r.decoder.session().c2s().largestMessageBytes()).isEqualTo(7);
    }

    @Test
    void aCompressedMessageCountsInflated() {
        byte[] text = new byte[8192];
        Arrays.fill(text, (byte) 'x');
        byte[] wire = Deflated.message(new Deflater(Deflater.DEFAULT_COMPRESSION, true), text);
        WsRun r = run(Exchanges.deflate("permessage-deflate"), server(0xc1, wire), server(0x81, new byte[100]));
        WebSocketDirection s2c = r.decoder.session().s2c();
        assertThat(s2c.largestMessageBytes()).isEqualTo(8192);
        assertThat(s2c.largestMessageWireBytes()).isEqualTo(wire.length);
        // with no handshake seen, RSV1 may mean compressed: that message's size is not known, the other's is
        WsRun unknown = run(null, server(0xc1, wire), server(0x81, new byte[100]));
        assertThat(unknown.decoder.session().s2c().largestMessageBytes()).isEqualTo(100);
    }

    @Test
    void noCompleteMessageNoSize() {
        WsRun r = run(Exchanges.valid(), server(0x01, new byte[10]), server(0x89, new byte[2]));
        assertThat(r.decoder.session().s2c().largestMessageBytes()).isNull();
        assertThat(r.decoder.session().s2c().largestMessageWireBytes()).isNull();
    }
}
