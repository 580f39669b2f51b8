package io.hopsniff.cli;

import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.tcp.ServerSpec;
import io.hopsniff.report.correlation.Legs;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --front}: the proxy's own listener, captured too, so that both legs can be told apart and paired. */
public final class LegOptions {

    @Option(names = "--front", paramLabel = "HOST:PORT",
            description = "The proxy's listener (client -> proxy leg), captured with the backend leg (repeatable). "
                    + "Connections to it are the 'front' leg, the others the 'backend' leg; each backend request "
                    + "is paired with the front request that caused it. Without it, the legs are inferred from "
                    + "forwarding headers when the capture holds both (report: legs.decided).")
    List<String> fronts = new ArrayList<>();

    /** The legs; IllegalArgumentException for a bad --front value. */
    Legs legs() {
        return Legs.parse(fronts);
    }

    /**
     * The decoder's server list: the backend specs plus the front specs, so the tracker follows both legs (and
     * knows which side is the server). With no --server every connection is analysed, and stays so.
     */
    DecoderConfig withFronts(DecoderConfig config) {
        if (fronts.isEmpty() || config.servers().isEmpty()) {
            return config;
        }
        List<ServerSpec> servers = new ArrayList<>(config.servers());
        for (String f : fronts) {
            ServerSpec s = ServerSpec.parse(f);
            if (!servers.contains(s)) {
                servers.add(s);
            }
        }
        return config.withServers(servers);
    }

    /** The --server values and the --front values, for the capture filter. */
    List<String> withFronts(List<String> servers) {
        List<String> out = new ArrayList<>(servers);
        out.addAll(fronts);
        return out;
    }
}
