package io.hopsniff.decoder.session;

import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.tcp.ServerSpec;
import io.hopsniff.decoder.tcp.TcpLimits;
import java.util.List;

/**
 * Everything the decoder needs to know, from the command line.
 *
 * @param servers which connections count; empty means every TCP connection that carries HTTP
 */
public record DecoderConfig(List<ServerSpec> servers, TcpLimits tcp, Http1Config http) {

    public static DecoderConfig defaults() {
        return new DecoderConfig(List.of(), TcpLimits.DEFAULTS, Http1Config.DEFAULTS);
    }

    public DecoderConfig {
        servers = List.copyOf(servers);
    }
}
