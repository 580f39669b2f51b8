package io.hopsniff.cli;

import io.hopsniff.decoder.h2.H2Config;
import io.hopsniff.decoder.http1.Http1Config;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.tcp.ServerSpec;
import io.hopsniff.decoder.tcp.TcpLimits;
import io.hopsniff.decoder.ws.WsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/** Options shared by analyze and capture: which connections count, and the memory limits. */
public final class DecoderOptions {

    @Option(names = "--server", paramLabel = "HOST:PORT",
            description = "The backend to analyse (repeatable). ':PORT' means any host; '[v6]:PORT' for IPv6.")
    List<String> servers = new ArrayList<>();

    @Option(names = "--body-bytes", paramLabel = "N", defaultValue = "0",
            description = "Keep the first N bytes of each message body in the report (default: ${DEFAULT-VALUE}; "
                    + "at most 16 MiB, memory is taken as bodies arrive).")
    int bodyBytes;

    /** The most --body-bytes / --ws-payload-bytes may ask for: a report is not a place for whole uploads. */
    static final int MAX_KEPT = 16 << 20;

    @Option(names = "--ws-payload-bytes", paramLabel = "N", defaultValue = "0",
            description = "Keep the first N bytes of each WebSocket message (inflated when permessage-deflate) in "
                    + "the report, redacted like bodies (default: ${DEFAULT-VALUE}: no payload).")
    int wsPayloadBytes;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "50000",
            description = "Concurrent connections tracked; the least recently active is evicted beyond (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-reassembly-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Out-of-order bytes buffered per direction before a hole is declared a gap (default: ${DEFAULT-VALUE}).")
    int maxReassemblyBytes;

    @Option(names = "--max-reassembly-total", paramLabel = "BYTES", defaultValue = "50331648",
            description = "Out-of-order bytes buffered by all connections together (default: ${DEFAULT-VALUE}).")
    long maxReassemblyTotal;

    @Option(names = "--max-header-bytes", paramLabel = "BYTES", defaultValue = "65536",
            description = "Largest HTTP header section parsed (default: ${DEFAULT-VALUE}).")
    int maxHeaderBytes;

    @Option(names = "--max-pending-requests", paramLabel = "N", defaultValue = "1000",
            description = "Requests of one connection waiting for their responses (pipelining); beyond it the oldest is "
                    + "reported unanswered and its late response alone, never mispaired (default: ${DEFAULT-VALUE}).")
    int maxPendingRequests;

    @Option(names = "--max-kept-bytes", paramLabel = "SIZE", converter = Sizes.class, defaultValue = "32m",
            description = "Body and WebSocket message bytes kept in memory at once by all connections together "
                    + "(--body-bytes, --ws-payload-bytes); beyond it prefixes are cut and flagged (default: ${DEFAULT-VALUE}).")
    long maxKeptBytes;

    @Option(names = "--max-ws-messages", paramLabel = "N", defaultValue = "1000",
            description = "WebSocket messages kept per direction of a session with --ws-payload-bytes; later ones are "
                    + "counted, not kept (default: ${DEFAULT-VALUE}).")
    int maxWsMessages;

    @Option(names = "--max-h2-streams", paramLabel = "N", defaultValue = "4096",
            description = "HTTP/2 streams open at once on one connection; beyond it the oldest is reported incomplete "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxH2Streams;

    @Option(names = "--idle-timeout", paramLabel = "TIME", defaultValue = "300", converter = Durations.class,
            description = "A connection idle this long (capture time; seconds, or 30s, 5m, 1h) is closed by hopsniff "
                    + "(default: ${DEFAULT-VALUE} s).")
    java.time.Duration idleTimeout;

    @Option(names = "--decode-as", paramLabel = "PORT=websocket",
            description = "Read connections to server port PORT as WebSocket frames from their first byte, whether "
                    + "or not the handshake was captured (tshark's -d tcp.port==PORT,websocket). Repeatable. Without "
                    + "it a capture that starts mid-session is read as WebSocket when both sides' frames are unambiguous.")
    List<String> decodeAs = new ArrayList<>();

    /** The ports of --decode-as PORT=websocket (or =ws). */
    java.util.Set<Integer> webSocketPorts() {
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (String d : decodeAs) {
            int eq = d.indexOf('=');
            String protocol = eq < 0 ? "" : d.substring(eq + 1).trim().toLowerCase(java.util.Locale.ROOT);
            if (!protocol.equals("websocket") && !protocol.equals("ws")) {
                throw new IllegalArgumentException("--decode-as takes PORT=websocket (the one protocol it can force), got "
                        + d);
            }
            try {
                int port = Integer.parseInt(d.substring(0, eq).trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--decode-as: the port is 1-65535, got " + d);
            }
        }
        return ports;
    }

    List<ServerSpec> serverSpecs() {
        List<ServerSpec> specs = new ArrayList<>();
        for (String s : servers) {
            specs.add(ServerSpec.parse(s));
        }
        return specs;
    }

    DecoderConfig config() {
        TcpLimits tcp = new TcpLimits(positive("--max-connections", maxConnections),
                positive("--max-reassembly-bytes", maxReassemblyBytes),
                idleTimeout.toNanos(),
                positive("--max-reassembly-total", maxReassemblyTotal));
        Http1Config d = Http1Config.DEFAULTS;
        Http1Config http = new Http1Config(positive("--max-header-bytes", maxHeaderBytes),
                kept("--body-bytes", bodyBytes), positive("--max-pending-requests", maxPendingRequests), d.maxHeldBytes());
        WsConfig ws = WsConfig.DEFAULTS.withPayloadBytesKept(kept("--ws-payload-bytes", wsPayloadBytes))
                .withMaxKeptMessages(nonNegative("--max-ws-messages", maxWsMessages));
        return new DecoderConfig(serverSpecs(), tcp, http, ws,
                H2Config.DEFAULTS.withMaxOpenStreams(positive("--max-h2-streams", maxH2Streams)), maxKeptBytes,
                webSocketPorts());
    }

    SortedMap<String, Long> limits() {
        SortedMap<String, Long> m = new TreeMap<>();
        m.put("max_connections", (long) maxConnections);
        m.put("max_reassembly_bytes", (long) maxReassemblyBytes);
        m.put("max_reassembly_total", maxReassemblyTotal);
        m.put("max_header_bytes", (long) maxHeaderBytes);
        m.put("max_pending_requests", (long) maxPendingRequests);
        m.put("idle_timeout_seconds", idleTimeout.toSeconds());
        m.put("max_kept_bytes", maxKeptBytes);
        m.put("max_ws_messages", (long) maxWsMessages);
        m.put("max_h2_streams", (long) maxH2Streams);
        return m;
    }

    private static long positive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
        return value;
    }

    private static int positive(String option, int value) {
        return (int) positive(option, (long) value);
    }

    private static int kept(String option, int value) {
        if (value > MAX_KEPT) {
            throw new IllegalArgumentException(option + " is at most " + MAX_KEPT + " (16 MiB), got " + value);
        }
        return nonNegative(option, value);
    }

    private static int nonNegative(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must not be negative, got " + value);
        }
        return value;
    }
}
