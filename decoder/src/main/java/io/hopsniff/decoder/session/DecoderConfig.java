package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.H2Config;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.tcp.ServerSpec;
import io.hopsniff.decoder.tcp.TcpLimits;
import io.hopsniff.decoder.ws.WsConfig;
import java.util.List;
import java.util.Set;

/**
 * Everything the decoder needs to know, from the command line.
 *
 * @param servers      which connections count; empty means every TCP connection that carries HTTP
 * @param ws           WebSocket decoding: payload bytes kept per message (--ws-payload-bytes), messages kept
 * @param h2           HTTP/2 limits (open streams, header budgets); its body prefix follows {@code http}'s
 * @param maxKeptBytes the run's budget for body and message bytes kept at once by all connections
 *                     (--max-kept-bytes, {@link KeptBytes})
 * @param webSocketPorts server ports whose connections are WebSocket frames from the first byte, handshake or
 *                     not ({@code --decode-as PORT=websocket}, like tshark's {@code -d})
 */
public record DecoderConfig(List<ServerSpec> servers, TcpLimits tcp, Http1Config http, WsConfig ws, H2Config h2,
                            long maxKeptBytes, Set<Integer> webSocketPorts) {

    public static DecoderConfig defaults() {
        return new DecoderConfig(List.of(), TcpLimits.DEFAULTS, Http1Config.DEFAULTS, WsConfig.DEFAULTS);
    }

    /** With the default HTTP/2 limits and kept-bytes budget. */
    public DecoderConfig(List<ServerSpec> servers, TcpLimits tcp, Http1Config http, WsConfig ws) {
        this(servers, tcp, http, ws, H2Config.DEFAULTS, KeptBytes.DEFAULT_LIMIT);
    }

    /** Without --decode-as. */
    public DecoderConfig(List<ServerSpec> servers, TcpLimits tcp, Http1Config http, WsConfig ws, H2Config h2,
                         long maxKeptBytes) {
        this(servers, tcp, http, ws, h2, maxKeptBytes, Set.of());
    }

    /** With the default WebSocket settings (no payload kept). */
    public DecoderConfig(List<ServerSpec> servers, TcpLimits tcp, Http1Config http) {
        this(servers, tcp, http, WsConfig.DEFAULTS);
    }

    public DecoderConfig {
        servers = List.copyOf(servers);
        webSocketPorts = Set.copyOf(webSocketPorts);
        if (maxKeptBytes < 0) {
            throw new IllegalArgumentException("maxKeptBytes must be >= 0, got " + maxKeptBytes);
        }
    }

    public DecoderConfig withServers(List<ServerSpec> v) {
        return new DecoderConfig(v, tcp, http, ws, h2, maxKeptBytes, webSocketPorts);
    }

    public DecoderConfig withHttp(Http1Config v) {
        return new DecoderConfig(servers, tcp, v, ws, h2, maxKeptBytes, webSocketPorts);
    }

    /** The HTTP/2 limits with the body prefix of {@link #http()}, which one option sets for both. */
    H2Config http2() {
        return h2.withBodyPrefixBytes(http.bodyPrefixBytes());
    }
}
