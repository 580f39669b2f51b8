package io.hopsniff.report;

import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.tcp.TcpLimits;
import io.hopsniff.decoder.ws.WsConfig;
import io.hopsniff.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The captures the report's format tests run over, and how they are decoded: bodies and messages kept. */
final class SampleCaptures {

    private SampleCaptures() {
    }

    /** Every sample and corpus capture, as paths relative to the repository (a {@code @MethodSource}). */
    static Stream<String> all() throws IOException {
        List<String> all = new ArrayList<>();
        for (String dir : new String[] {"samples", "corpus/public"}) {
            try (Stream<Path> files = Files.list(RepoPaths.root().resolve(dir))) {
                files.map(p -> dir + "/" + p.getFileName())
                        .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng"))
                        .sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    /** Body prefixes of 64 bytes and WebSocket messages of 32 kept, so the records carry every member they can. */
    static DecoderConfig keeping() {
        return new DecoderConfig(List.of(), TcpLimits.DEFAULTS, Http1Config.DEFAULTS.withBodyPrefixBytes(64),
                WsConfig.DEFAULTS.withPayloadBytesKept(32));
    }
}
