package io.hopsniff.report.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.tcp.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The question leg inference asks before anything else (can there be legs?), answered from what was added as the
 * exchanges came: two server endpoints, a failed attempt to another server, or a response relayed by a proxy
 * (RFC 9110 §7.6.3 Via, or Caddy's second Server field).
 */
class ServerVarietyTest {

    private static final Endpoint BACKEND = new Endpoint("192.168.2.22", 12656);
    private static final Endpoint FRONT = new Endpoint("192.168.2.22", 443);

    @Test
    void oneServerWithPlainResponsesIsNotVaried() {
        ServerVariety v = ServerVariety.of(List.of(exchange(1, BACKEND), exchange(2, BACKEND), exchange(3, null)));
        assertThat(v.varied(List.of())).isFalse();
        assertThat(v.varied(List.of(failed(BACKEND)))).as("a failed attempt to the same server").isFalse();
    }

    @Test
    void aSecondServerAnywhereInTheExchangesMakesItVaried() {
        List<LegExchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            exchanges.add(exchange(i, BACKEND));
        }
        exchanges.add(exchange(100, FRONT));
        assertThat(ServerVariety.of(exchanges).varied(List.of())).isTrue();
    }

    @Test
    void aFailedAttemptToAnotherServerCountsOnlyBesideAnExchange() {
        assertThat(ServerVariety.of(List.of(exchange(1, FRONT))).varied(List.of(failed(BACKEND)))).isTrue();
        assertThat(ServerVariety.of(List.of()).varied(List.of(failed(BACKEND)))).isFalse();
        assertThat(ServerVariety.of(List.of(exchange(1, null))).varied(List.of(failed(BACKEND)))).isFalse();
    }

    @Test
    void aRelayedResponseMakesItVariedWithOneServer() {
        assertThat(ServerVariety.of(List.of(exchange(1, FRONT), relayed(2, "Via", "1.1 Caddy")))
                .varied(List.of())).isTrue();
        assertThat(ServerVariety.of(List.of(relayed(1, "Server", "Caddy", "Server", "uvicorn"))).varied(List.of()))
                .isTrue();
        // spelled as uvicorn writes it (every capture of uvicorn in samples/: "server: uvicorn")
        assertThat(ServerVariety.of(List.of(relayed(1, "server", "uvicorn"))).varied(List.of()))
                .as("one Server field proves nothing").isFalse();
        assertThat(ServerVariety.of(List.of(relayed(1, "Server", "nginx/1.22.1"))).varied(List.of()))
                .as("nor one that names a proxy").isFalse();
        // Apache httpd passes uvicorn's field on under its own spelling (lab apache-no-upgrade, the client's leg)
        assertThat(ServerVariety.of(List.of(relayed(1, "Server", "uvicorn"))).varied(List.of()))
                .as("uvicorn's name respelled").isTrue();
        // a proxy's own gateway error: RFC 9110 §15.6.3 502 under Caddy's name (lab backend-down), Apache's 503
        assertThat(ServerVariety.of(List.of(status(1, 502, "Server", "Caddy"))).varied(List.of())).isTrue();
        assertThat(ServerVariety.of(List.of(status(1, 503, "Server", "Apache/2.4.71 (Debian)"))).varied(List.of()))
                .isTrue();
        // HAProxy's own 503 page names no server; its three fields are its signature (haproxy 2.6, backend down)
        assertThat(ServerVariety.of(List.of(status(1, 503, "content-length", "107", "cache-control", "no-cache",
                "content-type", "text/html"))).varied(List.of())).isTrue();
        assertThat(ServerVariety.of(List.of(status(1, 503, "content-length", "107", "cache-control", "no-cache",
                "content-type", "text/html", "date", "Fri, 04 Dec 2026 16:49:16 GMT"))).varied(List.of())).isFalse();
        // but an application's own 502/503/504, or nginx's 503 (limit_req answers so), says nothing of a proxy
        assertThat(ServerVariety.of(List.of(status(1, 502, "server", "uvicorn"))).varied(List.of())).isFalse();
        assertThat(ServerVariety.of(List.of(status(1, 503, "Server", "nginx/1.22.1"))).varied(List.of())).isFalse();
        // Envoy's router sets it on answers from upstream (envoyproxy.io, router filter, "HTTP headers (set)")
        assertThat(ServerVariety.of(List.of(relayed(1, "server", "envoy", "x-envoy-upstream-service-time", "3")))
                .varied(List.of())).as("relayed by Envoy").isTrue();
    }

    @Test
    void addingOneByOneAnswersAsTheWholeList() {
        List<LegExchange> exchanges = List.of(exchange(1, BACKEND), relayed(2, "Server", "a", "Server", "b"),
                exchange(3, FRONT));
        ServerVariety incremental = new ServerVariety();
        for (int i = 0; i < exchanges.size(); i++) {
            incremental.add(exchanges.get(i));
            List<LegExchange> soFar = exchanges.subList(0, i + 1);
            assertThat(incremental.varied(List.of())).isEqualTo(ServerVariety.of(soFar).varied(List.of()));
        }
    }

    private static LegExchange exchange(long id, Endpoint server) {
        return new LegExchange(id, id, null, new Endpoint("10.0.0.1", 40000 + (int) id), "GET", "/", Ex.headers(),
                Ex.at(id), Ex.at(id), 200, Ex.headers(), Ex.at(id + 1), Ex.at(id + 1), server, null);
    }

    private static LegExchange status(long id, int status, String... responseFields) {
        LegExchange e = relayed(id, responseFields);
        return new LegExchange(id, id, null, e.client(), "GET", "/", Ex.headers(), Ex.at(id), Ex.at(id), status,
                e.responseHeaders(), Ex.at(id + 1), Ex.at(id + 1), FRONT, null);
    }

    private static LegExchange relayed(long id, String... responseFields) {
        String[] lines = new String[responseFields.length / 2];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = responseFields[2 * i] + ": " + responseFields[2 * i + 1];
        }
        return new LegExchange(id, id, null, new Endpoint("10.0.0.1", 40000 + (int) id), "GET", "/", Ex.headers(),
                Ex.at(id), Ex.at(id), 200, Ex.headers(lines), Ex.at(id + 1), Ex.at(id + 1), FRONT, null);
    }

    private static LegConnection failed(Endpoint server) {
        return new LegConnection(9, new Endpoint("10.0.0.1", 50000), Ex.at(0), Ex.at(1), null, server, "S");
    }
}
