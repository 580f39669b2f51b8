package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.analyze;
import static io.hopsniff.report.diagnosis.Diag.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.LoopbackPcap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backend's Host check refusing a WebSocket (reference §2.3 #10). The answers are those of Debian 12's stack
 * (uvicorn 0.17.6, Starlette 0.26) with TrustedHostMiddleware, as captured in the lab (scripts/lab host-rewritten,
 * and uvicorn run directly): a plain request for another host gets {@code 400 text/plain "Invalid host header"}
 * (starlette/middleware/trustedhost.py), a WebSocket gets uvicorn's {@code 500 "Internal Server Error"} (Starlette
 * sends it an HTTP response, which uvicorn's websockets implementation refuses). A bare 500 alone is any exception
 * to uvicorn, so it is named a Host refusal only with evidence.
 */
class HostRejectedTest {

    /** The WebSocket handshake Caddy forwards, with {@code host} in Host. */
    private static String handshake(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Python/3.11 websockets/10.4\r\n"
                + "Connection: Upgrade\r\nSec-Websocket-Key: hLGYivjSjtsHp1Dtmo1UQg==\r\nSec-Websocket-Version: 13\r\n"
                + "Upgrade: websocket\r\nX-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Host: dash.example:8443\r\n"
                + "X-Forwarded-Proto: http\r\nAccept-Encoding: gzip\r\n\r\n";
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    }

    /** uvicorn 0.17.6's answer to a WebSocket whose app sent an HTTP response (captured). */
    private static final String UVICORN_500 = "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain;"
            + " charset=utf-8\r\ncontent-length: 21\r\nconnection: close\r\n\r\nInternal Server Error";
    /** TrustedHostMiddleware's answer (captured from uvicorn 0.17.6, Starlette 0.26). */
    private static final String INVALID_HOST = "HTTP/1.1 400 Bad Request\r\ndate: Fri, 04 Dec 2026 09:00:57 GMT\r\n"
            + "server: uvicorn\r\ncontent-length: 19\r\ncontent-type: text/plain; charset=utf-8\r\n\r\n"
            + "Invalid host header";
    private static final String STATUS_200 = "HTTP/1.1 200 OK\r\ndate: Fri, 04 Dec 2026 09:00:57 GMT\r\n"
            + "server: uvicorn\r\ncontent-length: 11\r\ncontent-type: application/json\r\n\r\n{\"ok\":true}";

    /** One plain exchange (if {@code plain} is not null) then one WebSocket handshake, each on its connection. */
    private static List<Diagnosis> run(String plainHost, String plainAnswer, String wsHost, String wsAnswer)
            throws Exception {
        try (LoopbackPcap w = new LoopbackPcap()) {
            if (plainHost != null) {
                w.connection(40001).open().client(get("/api/status", plainHost)).server(plainAnswer).fin(false).fin(true);
            }
            w.connection(40002).open().client(handshake("/ws/abc123", wsHost)).server(wsAnswer).fin(true).fin(false);
            w.close();
            return analyze(w.file);
        }
    }

    @Test
    void starlettesTextOnTheHandshakeIsAHostRefusal() throws Exception {
        // a stack with the WebSocket denial response sends the middleware's 400 to the WebSocket itself
        Diagnosis d = has(run(null, null, "127.0.0.1:12656", INVALID_HOST), DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED);
        assertThat(d.severity()).isEqualTo("error");
        assertThat(d.verdict()).contains("GET /ws/abc123 was refused for its Host: the backend answered 400 \"Invalid"
                + " host header\", the text of Starlette's TrustedHostMiddleware");
        // nothing says the proxy changed Host: the allowed hosts come first
        assertThat(d.causes().get(0)).startsWith("the backend's allowed hosts miss the name");
        assertThat(d.evidence()).contains("tx1 > Host: 127.0.0.1:12656");
    }

    @Test
    void a500WhosePlainSiblingGotStarlettesTextIsAHostRefusal() throws Exception {
        List<Diagnosis> out = run("127.0.0.1:12656", INVALID_HOST, "127.0.0.1:12656", UVICORN_500);
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED);
        assertThat(d.verdict()).contains("the backend answered 500 \"Internal Server Error\" to Host 127.0.0.1:12656;"
                + " tx1 GET /api/status with the same Host got 400 \"Invalid host header\"")
                .contains("uvicorn answers a WebSocket 500 when a middleware sends it an HTTP response");
        assertThat(out).extracting(Diagnosis::id).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER.name());
    }

    @Test
    void a500ToTheBackendsOwnAddressWhilePlainRequestsForTheNameWorkIsTheProxysRewrite() throws Exception {
        // the dashboard incident: plain requests keep Host (Caddy's default), the WebSocket route sends the
        // upstream's address (header_up Host {upstream_hostport})
        List<Diagnosis> out = run("dash.example", STATUS_200, "127.0.0.1:12656", UVICORN_500);
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED);
        assertThat(out.get(0).id()).isEqualTo(d.id());
        assertThat(d.verdict()).contains("to Host 127.0.0.1:12656 (the backend's own address")
                .contains("plain requests naming another host were answered below 400 (Host dash.example: 1)");
        assertThat(d.causes().get(0)).startsWith("the proxy rewrites Host on its WebSocket route only");
    }

    @Test
    void aBare500IsNotCalledAHostRefusal() throws Exception {
        // any exception before accept gives uvicorn's 500: without evidence about Host it stays unexplained
        List<Diagnosis> out = run(null, null, "dash.example", UVICORN_500);
        assertThat(out).extracting(Diagnosis::id).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED.name());
        has(out, DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER);
        // the backend's own address, but plain requests for it work too: the host is not what is refused
        List<Diagnosis> same = run("127.0.0.1:12656", STATUS_200, "127.0.0.1:12656", UVICORN_500);
        assertThat(same).extracting(Diagnosis::id).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED.name());
        // another host works, but the WebSocket's Host is a name, not the backend's address: no rewrite to see
        List<Diagnosis> names = run("dash.example", STATUS_200, "other.example", UVICORN_500);
        assertThat(names).extracting(Diagnosis::id).doesNotContain(DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED.name());
    }

    @Test
    void theQuotedPlainRequestIsRedactedLikeTheRest() throws Exception {
        List<Diagnosis> out;
        try (LoopbackPcap w = new LoopbackPcap()) {
            w.connection(40001).open().client(get("/api/status?token=s3cret", "127.0.0.1:12656")).server(INVALID_HOST)
                    .fin(false).fin(true);
            w.connection(40002).open().client(handshake("/ws/abc123", "127.0.0.1:12656")).server(UVICORN_500)
                    .fin(true).fin(false);
            w.close();
            out = analyze(w.file);
        }
        Diagnosis d = has(out, DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED);
        assertThat(d.verdict()).contains("tx1 GET /api/status?token=").doesNotContain("s3cret");
    }

    @Test
    void hostsLongerThanANameAreNotTallied() {
        // a head may be 64 KiB; 1 024 servers x 8 such Hosts would hold half a gigabyte
        PlainHosts hosts = new PlainHosts();
        io.hopsniff.decoder.tcp.Endpoint server = new io.hopsniff.decoder.tcp.Endpoint("127.0.0.1", 12656);
        String longHost = "a".repeat(PlainHosts.MAX_HOST_CHARS + 1);
        hosts.add(server, plain(1, longHost, 200));
        hosts.add(server, plain(2, "dash.example", 200));
        for (int i = 0; i < PlainHosts.MAX_HOSTS + 4; i++) {
            hosts.add(server, plain(3 + i, "h" + i + ".example", 200));
        }
        var answered = hosts.snapshot().get("127.0.0.1:12656").answered();
        assertThat(answered).doesNotContainKey(longHost).containsEntry("dash.example", 1L)
                .hasSize(PlainHosts.MAX_HOSTS);
    }

    private static io.hopsniff.decoder.http.HttpExchange plain(long id, String host, int status) {
        return new io.hopsniff.decoder.http.HttpExchange(id, 1, 0, TwoLegs.request("GET", "/", 1, List.of("Host: "
                + host)), List.of(), TwoLegs.response(status, "OK", null, 2));
    }

    @Test
    void portsAsideTheHostIsTheSame() {
        assertThat(HostRejectedRule.hostname("Dash.Example:8443")).isEqualTo("dash.example");
        assertThat(HostRejectedRule.hostname("[::1]:12656")).isEqualTo("[::1]");
        assertThat(HostRejectedRule.hostname("::1")).isEqualTo("::1");
        assertThat(HostRejectedRule.hostname("127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
