package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.Protocol;
import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.capture.file.CaptureFiles;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.session.Analyzer;
import io.hopsniff.decoder.session.ByteCounts;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tcp.FlowStats;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.report.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Test support: builds decoder records as the specs and the reference describe them, runs the diagnoser, and
 * records which ids each test produced (for {@link CoverageTest}).
 */
final class Diag {

    static final Endpoint PROXY = new Endpoint("127.0.0.1", 53288);
    static final Endpoint BACKEND = new Endpoint("127.0.0.1", 12656);
    /** Ids asserted by tests on this thread since the last {@link #resetSeen()}. */
    private static final ThreadLocal<Set<String>> SEEN = ThreadLocal.withInitial(HashSet::new);

    private Diag() {
    }

    static Set<String> resetSeen() {
        Set<String> s = new HashSet<>(SEEN.get());
        SEEN.get().clear();
        return s;
    }

    static List<HttpHeader> headers(String... lines) {
        return io.hopsniff.report.HeaderLines.of(lines);
    }

    static HttpRequest request(String method, String target, String version, String... headerLines) {
        return new HttpRequest(method, target, version, headers(headerLines), List.of(), 1_000_000_000L,
                1_000_000_000L, 1_000_000_000L, 100, 0, new byte[0], BodyFraming.NONE, true);
    }

    static HttpRequest get(String target, String... headerLines) {
        return request("GET", target, "HTTP/1.1", headerLines);
    }

    static HttpResponse response(int status, String reason, String body, String... headerLines) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse("HTTP/1.1", status, reason, headers(headerLines), List.of(), 1_001_000_000L,
                1_001_000_000L, 1_001_000_000L, 100, b.length, b,
                status == 101 ? BodyFraming.TUNNEL : BodyFraming.CONTENT_LENGTH, true);
    }

    static HttpExchange exchange(long id, long connection, HttpRequest request, HttpResponse response) {
        return new HttpExchange(id, connection, 0, request, List.of(), response);
    }

    static ExchangeContext context(WebSocketSession ws) {
        return new ExchangeContext(PROXY, BACKEND, Protocol.HTTP1, 0, ws);
    }

    static ConnectionRecord connection(long id, String history, String protocol, EndReason end, long s2cBytes) {
        FlowStats s2c = new FlowStats(3, s2cBytes, s2cBytes, 0, 0, 0, 0, 0);
        return new ConnectionRecord(id, new Endpoint("127.0.0.1", 50000 + (int) id), BACKEND, 1_000_000_000L,
                2_000_000_000L, end, true, true, history, Protocol.ofLabel(protocol), null, 0, FlowStats.EMPTY, s2c, ByteCounts.ZERO,
                ByteCounts.ZERO);
    }

    /** The well-formed handshake of RFC 6455 §1.2 (key dGhlIHNhbXBsZSBub25jZQ==), as Caddy forwards it. */
    static HttpRequest handshake(String target, String... extra) {
        List<String> lines = new ArrayList<>(List.of("Host: 127.0.0.1:18080", "Connection: Upgrade",
                "Sec-Websocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-Websocket-Version: 13", "Upgrade: websocket"));
        lines.addAll(List.of(extra));
        return get(target, lines.toArray(String[]::new));
    }

    /** RFC 6455 §1.3's answer to that key: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=. */
    static HttpResponse switching() {
        return response(101, "Switching Protocols", null, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    static List<Diagnosis> run(Diagnoser d) {
        return d.diagnoses();
    }

    static Diagnoser diagnoser() {
        return new Diagnoser(DiagnosisSettings.DEFAULTS, Redactor.on());
    }

    /** Diagnoses of one exchange (its connection record optional). */
    static List<Diagnosis> one(HttpRequest request, HttpResponse response) {
        Diagnoser d = diagnoser();
        d.exchange(exchange(1, 1, request, response), context(null));
        return d.diagnoses();
    }

    /** Asserts the id is present, records it as covered, returns it. */
    static Diagnosis has(List<Diagnosis> diagnoses, DiagnosisId id) {
        Optional<Diagnosis> d = diagnoses.stream().filter(x -> x.id().equals(id.name())).findFirst();
        assertThat(d).as("diagnosis %s among %s", id, diagnoses.stream().map(Diagnosis::id).toList()).isPresent();
        SEEN.get().add(id.name());
        return d.get();
    }

    static void hasNoErrors(List<Diagnosis> diagnoses) {
        assertThat(diagnoses.stream().filter(x -> x.severity().equals("error") || x.severity().equals("warning"))
                .map(Diagnosis::id).toList()).isEmpty();
    }

    /** Runs the whole pipeline over a capture file, as {@code hopsniff analyze} does. */
    static List<Diagnosis> analyze(Path file, DiagnosisSettings settings) throws Exception {
        DecoderConfig defaults = DecoderConfig.defaults();
        DecoderConfig config = new DecoderConfig(List.of(), defaults.tcp(),
                defaults.http().withBodyPrefixBytes(DiagnosisSettings.BODY_BYTES_FOR_DIAGNOSIS));
        Diagnoser d = new Diagnoser(settings, Redactor.on());
        Analyzer analyzer = new Analyzer(config, d);
        CaptureFiles.read(file, analyzer);
        analyzer.finish();
        return d.diagnoses();
    }

    static List<Diagnosis> analyze(Path file) throws Exception {
        return analyze(file, DiagnosisSettings.DEFAULTS);
    }

    static Path repoRoot() {
        return RepoPaths.root();
    }
}
