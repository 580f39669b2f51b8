package io.hopsniff.report.correlation;

import static io.hopsniff.report.correlation.Ex.backend;
import static io.hopsniff.report.correlation.Ex.facts;
import static io.hopsniff.report.correlation.Ex.front;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.anomaly.Severity;
import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tls.ClientHello;
import io.hopsniff.decoder.tls.ServerHello;
import io.hopsniff.decoder.tls.TlsSummary;
import io.hopsniff.report.Redactor;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each correlation signal on its own, and ambiguity. Oracle: what each header means per Caddy's reverse_proxy docs. */
class MatcherTest {

    private static Map<Long, Long> pairs(Matcher.Result r) {
        return r.matches().stream().collect(Collectors.toMap(m -> m.backend().id(), m -> m.front().id()));
    }

    @Test
    void twoConcurrentIdenticalRequestsAreToldApartByTheXRealIpPort() {
        // Both clients ask the same thing at the same time; Caddy's X-Real-IP {remote} carries ip:port.
        var a = front(1, 40001, "GET", "/api/status", 0, 10, 200, "Host: h", "Accept: */*");
        var b = front(2, 40002, "GET", "/api/status", 0.05, 10, 200, "Host: h", "Accept: */*");
        // The second client's request reaches the backend first.
        var x = backend(11, 1, 3, "GET", "/api/status", 200, "Host: h", "Accept: */*", "X-Real-Ip: 127.0.0.1:40002");
        var y = backend(12, 2, 4, "GET", "/api/status", 200, "Host: h", "Accept: */*", "X-Real-Ip: 127.0.0.1:40001");
        Matcher.Result r = Matcher.match(facts(List.of(a, b), List.of(x, y)));
        assertThat(pairs(r)).containsEntry(11L, 2L).containsEntry(12L, 1L);
        assertThat(r.matches()).allSatisfy(m -> {
            assertThat(m.confidence()).isGreaterThan(0.9);
            assertThat(m.reason()).contains("X-Real-Ip 127.0.0.1:4000").doesNotContain("ambiguous");
        });
    }

    @Test
    void aRealIpPortOfAnotherClientRulesThePairOut() {
        var a = front(1, 40001, "GET", "/", 0, 10, 200);
        var x = backend(11, 1, 3, "GET", "/", 200, "X-Real-Ip: 127.0.0.1:49999");
        Matcher.Result r = Matcher.match(facts(List.of(a), List.of(x)));
        assertThat(r.matches()).isEmpty();
        assertThat(r.frontOnly()).extracting(LegExchange::id).containsExactly(1L);
        assertThat(r.backendOnly()).extracting(LegExchange::id).containsExactly(11L);
    }

    @Test
    void withoutHeadersTimingContainmentDecides() {
        // front 1: [0, 20] ms, front 2: [2, 22] ms; backend 11 starts at 1 ms (before front 2 started): only front 1
        // contains it, so backend 12 must be front 2's.
        var a = front(1, 40001, "GET", "/x", 0, 20, 200, "Host: h");
        var b = front(2, 40002, "GET", "/x", 2, 22, 200, "Host: h");
        var x = backend(11, 1, 10, "GET", "/x", 200, "Host: h");
        var y = backend(12, 3, 12, "GET", "/x", 200, "Host: h");
        assertThat(pairs(Matcher.match(facts(List.of(a, b), List.of(x, y))))).containsEntry(11L, 1L).containsEntry(12L, 2L);
    }

    @Test
    void aBackendAnswerThatEndsAfterTheFrontAnswerIsNotItsCause() {
        var a = front(1, 40001, "GET", "/x", 0, 5, 200);
        var b = front(2, 40002, "GET", "/x", 10, 15, 200);
        var y = backend(12, 11, 13, "GET", "/x", 200);
        assertThat(pairs(Matcher.match(facts(List.of(a, b), List.of(y))))).containsExactly(Map.entry(12L, 2L));
    }

    @Test
    void trulyIndistinguishableRequestsAreMarkedAmbiguous() {
        var a = front(1, 40001, "GET", "/x", 0, 20, 200, "Host: h");
        var b = front(2, 40002, "GET", "/x", 0.01, 20, 200, "Host: h");
        var x = backend(11, 5, 10, "GET", "/x", 200, "Host: h");
        Matcher.Match m = Matcher.match(facts(List.of(a, b), List.of(x))).matches().get(0);
        assertThat(m.reason()).contains("ambiguous");
        assertThat(m.rivals()).hasSize(1);
        assertThat(m.confidence()).isLessThan(0.8);
    }

    @Test
    void methodAndStartOrderAreRequired() {
        var a = front(1, 40001, "POST", "/x", 0, 20, 200);
        var b = front(2, 40002, "GET", "/x", 10, 20, 200);
        var x = backend(11, 5, 8, "GET", "/x", 200); // GET starts before the only GET front request
        assertThat(Matcher.match(facts(List.of(a, b), List.of(x))).matches()).isEmpty();
    }

    @Test
    void requestIdsWinOverTimingAndRuleOutMismatches() {
        var a = front(1, 40001, "GET", "/x", 0, 20, 200, "X-Request-Id: aaa");
        var b = front(2, 40002, "GET", "/x", 1, 20, 200, "X-Request-Id: bbb");
        var x = backend(11, 1.5, 10, "GET", "/x", 200, "X-Request-Id: aaa");
        Matcher.Result r = Matcher.match(facts(List.of(a, b), List.of(x)));
        assertThat(pairs(r)).containsExactly(Map.entry(11L, 1L));
        assertThat(r.matches().get(0).reason()).contains("same x-request-id");
    }

    @Test
    void traceparentTraceIdsMatch() {
        String t1 = "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String t2 = "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var a = front(1, 40001, "GET", "/x", 0, 20, 200, t1);
        var b = front(2, 40002, "GET", "/x", 1, 20, 200, t2);
        // The proxy sent a new span id with the same trace id (what a tracing proxy does).
        var x = backend(11, 2, 10, "GET", "/x", 200, "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01");
        assertThat(pairs(Matcher.match(facts(List.of(a, b), List.of(x))))).containsExactly(Map.entry(11L, 1L));
    }

    @Test
    void aStrippedPrefixIsARewriteNotAMismatch() {
        // Caddy: handle_path /api/* { reverse_proxy … } strips /api before proxying.
        var a = front(1, 40001, "GET", "/api/users?page=2", 0, 20, 200, "Host: h");
        var x = backend(11, 1, 10, "GET", "/users?page=2", 200, "Host: h", "X-Forwarded-For: 127.0.0.1");
        Matcher.Result r = Matcher.match(facts(List.of(a), List.of(x)));
        assertThat(r.matches()).hasSize(1);
        assertThat(r.matches().get(0).reason()).contains("prefix '/api' stripped");
        CorrelationJson j = Correlations.json(r.matches().get(0), Redactor.on());
        assertThat(j.target()).isEqualTo(new CorrelationJson.TargetJson("/api/users?page=2", "/users?page=2"));
    }

    @Test
    void forwardedForOfAnotherClientCountsAgainst() {
        var a = front(1, 40001, "GET", "/x", 0, 20, 200, "Host: h");
        var x = backend(11, 1, 10, "GET", "/x", 200, "Host: h", "X-Forwarded-For: 10.9.9.9");
        Matcher.Result r = Matcher.match(facts(List.of(a), List.of(x)));
        if (!r.matches().isEmpty()) {
            assertThat(r.matches().get(0).confidence()).isLessThan(0.5);
        }
        var y = backend(12, 1, 10, "GET", "/x", 200, "Host: h", "X-Forwarded-For: 127.0.0.1", "X-Forwarded-Host: h",
                "X-Forwarded-Proto: http");
        Matcher.Match m = Matcher.match(facts(List.of(a), List.of(y))).matches().get(0);
        assertThat(m.reason()).contains("X-Forwarded-For = front client address", "X-Forwarded-Host = front Host");
    }

    @Test
    void withNoBackendLegCapturedNoFrontRequestIsCalledUnforwarded() {
        // only the client's leg: the proxy may have forwarded the request and relayed the answer; nothing shows it
        var a = front(1, 40001, "GET", "/ws/abc", 0, 5, 404, "Host: h");
        Correlations.Result r = Correlations.run(facts(List.of(a), List.of()), Redactor.on(), false);
        assertThat(r.anomalies()).isEmpty();
        assertThat(r.summary()).isEqualTo(new CorrelationSummaryJson(0, null, 0, 0));
    }

    @Test
    void unforwardedAndUnmatchedRequestsBecomeProxyAnomalies() {
        // Caddy answered 502 itself (backend down); a health check reached the backend with no front request.
        var a = front(1, 40001, "GET", "/api/status", 0, 5, 502, "Host: h");
        var x = backend(11, 100, 101, "GET", "/health", 200, "User-Agent: Go-http-client/1.1");
        Correlations.Result r = Correlations.run(facts(List.of(a), List.of(x)), Redactor.on(), true);
        assertThat(r.pairs()).isEmpty();
        assertThat(r.summary()).isEqualTo(new CorrelationSummaryJson(0, 1L, 1, 0));
        Anomaly notForwarded = r.anomalies().get(0);
        assertThat(notForwarded.type()).isEqualTo(AnomalyType.PROXY_NOT_FORWARDED);
        assertThat(notForwarded.type().severity()).isEqualTo(Severity.WARNING);
        assertThat(notForwarded.transactionId()).isEqualTo(1L);
        assertThat(notForwarded.detail()).contains("front_status=502");
        Anomaly unmatched = r.anomalies().get(1);
        assertThat(unmatched.type()).isEqualTo(AnomalyType.PROXY_UNMATCHED_BACKEND_REQUEST);
        assertThat(unmatched.type().severity()).isEqualTo(Severity.INFO);
        assertThat(unmatched.transactionId()).isEqualTo(11L);
    }

    @Test
    void aTlsFrontLegIsMatchedByTimeOnlyWithALowConfidence() {
        TlsSummary tls = new TlsSummary(new ClientHello("TLSv1.2", "dash.example", List.of("h2"), List.of("TLSv1.3"), 31),
                new ServerHello("TLSv1.2", "TLSv1.3", null, "0x1302", false));
        LegConnection c1 = new LegConnection(5, new Endpoint("10.0.0.7", 50001), Ex.at(0), Ex.at(1000), tls);
        LegConnection c2 = new LegConnection(6, new Endpoint("10.0.0.8", 50002), Ex.at(0), Ex.at(1000), tls);
        var x = backend(11, 10, 20, "GET", "/x", 200, "Host: dash.example", "X-Forwarded-Proto: https");
        CorrelationFacts f = new CorrelationFacts(List.of(), List.of(x), List.of(c1, c2), Long.MAX_VALUE, Long.MAX_VALUE, 0);
        Matcher.Match m = Matcher.match(f).matches().get(0);
        assertThat(m.front()).isNull();
        assertThat(m.reason()).startsWith("front leg is TLS (not decrypted): matched by time only")
                .contains("2 TLS front connections", "SNI dash.example");
        assertThat(m.confidence()).isLessThanOrEqualTo(0.3);
        CorrelationJson j = Correlations.json(m, Redactor.on());
        assertThat(j.front()).isNull();
        assertThat(j.headerDiff()).isNull();
        // With Caddy's X-Real-Ip {remote}, the port names the TLS connection.
        var y = backend(12, 10, 20, "GET", "/x", 200, "X-Real-Ip: 10.0.0.7:50001", "X-Forwarded-Proto: https");
        Matcher.Match exact = Matcher.match(new CorrelationFacts(List.of(), List.of(y), List.of(c1, c2),
                Long.MAX_VALUE, Long.MAX_VALUE, 0)).matches().get(0);
        assertThat(exact.tlsFront().id()).isEqualTo(5L);
        assertThat(exact.confidence()).isEqualTo(0.8);
    }

    @Test
    void webSocketPairsSayWhetherThe101ReachedTheClientAndWhetherTheKeyChanged() {
        var a = front(1, 40001, "GET", "/ws", 0, 3, 101, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        var x = backend(11, 1, 2, "GET", "/ws", 101, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-Websocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==");
        CorrelationJson j = Correlations.run(facts(List.of(a), List.of(x)), Redactor.on(), true).pairs().get(0);
        assertThat(j.websocket()).isEqualTo(new CorrelationJson.WebSocketPairJson(true, true, true));
        assertThat(j.headerDiff().changed()).containsExactly(
                List.of("Sec-Websocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "AQIDBAUGBwgJCgsMDQ4PEA=="));
    }

    @Test
    void legsAreToldApartByTheFrontSpec() {
        Legs legs = Legs.parse(List.of("127.0.0.1:18080"));
        assertThat(legs.of(new Endpoint("127.0.0.1", 18080))).isEqualTo(Leg.FRONT);
        assertThat(legs.of(new Endpoint("127.0.0.1", 12656))).isEqualTo(Leg.BACKEND);
        assertThat(Legs.parse(List.of(":443")).of(new Endpoint("::1", 443))).isEqualTo(Leg.FRONT);
        assertThat(Legs.none().of(new Endpoint("127.0.0.1", 18080))).isNull();
    }
}
