package io.hopsniff.decoder.session;

import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.tcp.ServerSpec;
import io.hopsniff.decoder.tcp.TcpLimits;
import io.hopsniff.decoder.ws.WsConfig;
import java.util.List;

/**
 * Everything the decoder needs to know, from the command line.
 *
 * @param servers which connections count; empty means every TCP connection that carries HTTP
 * @param ws      WebSocket decoding: payload bytes kept per message (--ws-payload-bytes)
 */
public record DecoderConfig(List<ServerSpec> servers, TcpLimits tcp, Http1Config http, WsConfig ws) {

    public static DecoderConfig defaults() {
        return new DecoderConfig(List.of(), TcpLimits.DEFAULTS, Http1Config.DEFAULTS, WsConfig.DEFAULTS);
    }

    /** With the default WebSocket settings (no payload kept). */
    public DecoderConfig(List<ServerSpec> servers, TcpLimits tcp, Http1Config http) {
        this(servers, tcp, http, WsConfig.DEFAULTS);
    }

    public DecoderConfig {
        servers = List.copyOf(servers);
    }
}
