package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.analyze;
import static io.hopsniff.report.diagnosis.Diag.has;
import static io.hopsniff.report.diagnosis.TwoLegs.request;
import static io.hopsniff.report.diagnosis.TwoLegs.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.report.diagnosis.TwoLegs.Way;
import io.hopsniff.testkit.LoopbackPcap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plain requests forwarded with {@code Connection: upgrade} and no Upgrade field (RFC 9110 §7.6.1, §7.8): nginx
 * configured with its WebSocket guide's {@code proxy_set_header Connection "upgrade"} but without the guide's map
 * marks every request, and uvicorn 0.17.6 refuses each. The bytes are those of the lab's nginx-websocket run
 * (tshark's follow of the backend leg): nginx 1.22's request, uvicorn's chunked 400.
 */
class PlainRequestsAsUpgradeTest {

    private static final String MARKED = "GET /api/status HTTP/1.1\r\nConnection: upgrade\r\nHost: 127.0.0.1:35109\r\n"
            + "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    private static final String REFUSED = "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + "connection: close\r\nTransfer-Encoding: chunked\r\n\r\n1c\r\nUnsupported upgrade request.\r\n0\r\n\r\n";

    @Test
    void plainRequestsMarkedAsUpgradesAndRefusedAreNamed() throws Exception {
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40031).open().client(MARKED).server(REFUSED).fin(false).fin(true);
            w.connection(40032).open().client(MARKED.replace("/api/status", "/api/items")).server(REFUSED)
                    .fin(false).fin(true);
            w.close();
            List<Diagnosis> out = analyze(w.file);
            Diagnosis d = has(out, DiagnosisId.DIAG_PLAIN_REQUESTS_AS_UPGRADE);
            assertThat(out.get(0).id()).isEqualTo(d.id());
            assertThat(d.severity()).isEqualTo("error");
            assertThat(d.count()).isEqualTo(2);
            assertThat(d.verdict()).isEqualTo("GET /api/status reached the backend with Connection: upgrade but no"
                    + " Upgrade field and got 400 'Unsupported upgrade request.': the backend took it for an upgrade"
                    + " request (and 1 more like it).");
            assertThat(d.evidence()).singleElement().asString().endsWith(": 2 plain request(s) with Connection:"
                    + " upgrade and no Upgrade field, 2 refused; the first: tx1 c1 > GET /api/status → 400"
                    + " 'Unsupported upgrade request.'");
            assertThat(d.causes().get(0)).startsWith("the proxy sets Connection: upgrade on every request");
        }
    }

    @Test
    void onTheClientsLegAloneTheRelayedRefusalShowsTheMarkWasAddedAfterIt() throws Exception {
        // the same run's client leg (tshark's follow): curl's request has no upgrade token, nginx relays uvicorn's
        // 400 under its own name and keeps the client's connection
        String plain = "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:33053\r\nUser-Agent: curl/7.88.1\r\n"
                + "Accept: */*\r\n\r\n";
        String relayed = "HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nDate: Fri, 04 Dec 2026 16:14:19 GMT\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n"
                + "\r\n1c\r\nUnsupported upgrade request.\r\n0\r\n\r\n";
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40910).open().client(plain).server(relayed).fin(false).fin(true);
            // a plain 400 with other words is no such refusal
            w.connection(40911).open().client(plain.replace("/api/status", "/api/other"))
                    .server("HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 11\r\n\r\n"
                            + "Bad request").fin(false).fin(true);
            w.close();
            List<Diagnosis> out = analyze(w.file);
            Diagnosis d = has(out, DiagnosisId.DIAG_PLAIN_REQUESTS_AS_UPGRADE);
            assertThat(out.get(0).id()).isEqualTo(d.id());
            assertThat(d.count()).isEqualTo(1);
            assertThat(d.verdict()).isEqualTo("GET /api/status carried neither Upgrade nor Connection: upgrade where it"
                    + " was captured and got 400 'Unsupported upgrade request.': the backend took it for an upgrade"
                    + " request, so a hop after the capture point (the proxy it went through) marked it with"
                    + " Connection: upgrade.");
            assertThat(d.evidence()).singleElement().asString().contains(": 1 plain request(s) with no Upgrade field"
                    + " and no upgrade option in Connection");
            assertThat(d.causes().get(0)).startsWith("the proxy sets Connection: upgrade on every request");
        }
    }

    @Test
    void markedRequestsThatWereServedOrRealUpgradesAreNot() throws Exception {
        try (LoopbackPcap w = new LoopbackPcap()) {
            // uvicorn 0.19 and later serve such a request (they log the warning): nothing went wrong
            w.connection(40033).open().client(MARKED).server("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                    .fin(false).fin(true);
            // an h2c offer carries Upgrade: it is an upgrade attempt, judged as one
            w.connection(40034).open().client("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n").server(REFUSED)
                    .fin(false).fin(true);
            w.close();
            assertThat(analyze(w.file)).extracting(Diagnosis::id).doesNotContain("DIAG_PLAIN_REQUESTS_AS_UPGRADE");
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void theClientsLegSaysWhoAddedTheToken(Way way) {
        for (boolean clientSentIt : new boolean[] {false, true}) {
            try (TwoLegs t = new TwoLegs(way)) {
                long b = t.backend(2, request("GET", "/api/status", 1, List.of("Connection: upgrade",
                        "Host: 127.0.0.1:8080", "User-Agent: curl/7.88.1")), response(400, "Bad Request",
                        "Unsupported upgrade request.", 2, "content-type: text/plain; charset=utf-8"), null);
                long f = t.front(1, 50001, request("GET", "/api/status", 0, clientSentIt
                        ? List.of("Host: 127.0.0.1:8080", "Connection: keep-alive, Upgrade", "User-Agent: curl/7.88.1")
                        : List.of("Host: 127.0.0.1:8080", "User-Agent: curl/7.88.1")), response(400, "Bad Request",
                        "Unsupported upgrade request.", 3, "Server: nginx/1.22.1"), null);
                t.backendConnection(2, "ShADadFf", EndReason.FIN, 1, 4, 1);
                t.frontConnection(1, 50001, 0, 4, 1);
                Diagnosis d = Diag.has(t.diagnoses(), DiagnosisId.DIAG_PLAIN_REQUESTS_AS_UPGRADE);
                assertThat(d.transactions()).containsExactly(b);
                if (way == Way.BACKEND_ONLY) {
                    assertThat(d.verdict()).endsWith("took it for an upgrade request.");
                    assertThat(d.causes().get(0)).startsWith("the proxy sets Connection: upgrade");
                } else if (clientSentIt) {
                    assertThat(d.verdict()).endsWith("; the client sent Connection: upgrade itself and the proxy passed it on.");
                    assertThat(d.causes().get(0)).startsWith("a client or a middlebox before the proxy");
                } else {
                    assertThat(d.verdict()).endsWith("; the client's request (tx" + f + ") had no Connection: upgrade: the"
                            + " proxy added it.");
                    assertThat(d.causes().get(0)).startsWith("the proxy sets Connection: upgrade");
                }
            }
        }
    }
}
