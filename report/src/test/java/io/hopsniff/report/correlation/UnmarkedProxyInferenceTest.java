package io.hopsniff.report.correlation;

import static io.hopsniff.report.correlation.Ex.at;
import static io.hopsniff.report.correlation.Ex.headers;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.report.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A proxy that marks nothing it forwards: nginx with a bare {@code proxy_pass} adds no X-Forwarded-* or Via field
 * (ngx_http_proxy_module: only Host and Connection are set by default), so a capture of both its legs has no field
 * to tell the forwarded copy by. The relay itself does: the copy comes from the proxy's host, and its answer comes
 * back before the proxy answers the client, with the same status ({@code LabScenariosTest#nginxDefaults} records
 * it live). A client that asks two servers the same thing is no proxy.
 */
class UnmarkedProxyInferenceTest {

    private static final Endpoint NGINX = new Endpoint("10.0.0.1", 80);
    private static final Endpoint BACKEND = new Endpoint("10.0.0.2", 12656);
    private static final Endpoint BROWSER = new Endpoint("203.0.113.5", 51000);

    private static final String[] HANDSHAKE = {"Host: dash.example", "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"};
    /** What nginx 1.22 sends with its defaults: Host $proxy_host, Connection close, no Upgrade. */
    private static final String[] FORWARDED = {"Host: 10.0.0.2:12656", "Connection: close",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"};

    /** An exchange from {@code client} to {@code server}: request at {@code startMs}, answer from {@code answerMs}. */
    private static LegExchange exchange(long id, Endpoint client, Endpoint server, double startMs, double answerMs,
                                        int status, String... headerLines) {
        return new LegExchange(id, id, null, client, "GET", "/ws/abc", headers(headerLines), at(startMs), at(startMs),
                status, List.of(), at(answerMs), at(answerMs + 0.1), server, null);
    }

    private static LegMap infer(LegExchange... exchanges) {
        return LegInference.infer(List.of(exchanges), List.of(), Redactor.on());
    }

    @Test
    void aCopyFromTheProxysHostAnsweredFirstWithTheSameStatusIsTheBackendLeg() {
        LegMap legs = infer(exchange(1, BROWSER, NGINX, 0, 3.2, 404, HANDSHAKE),
                exchange(2, new Endpoint("10.0.0.1", 40000), BACKEND, 0.4, 2.9, 404, FORWARDED));
        assertThat(legs.decided()).isEqualTo(LegMap.Decided.INFERRED);
        assertThat(legs.of(NGINX)).isEqualTo(Leg.FRONT);
        assertThat(legs.of(BACKEND)).isEqualTo(Leg.BACKEND);
        assertThat(legs.evidence()).singleElement().asString().startsWith("c2 GET /ws/abc to 10.0.0.2:12656 carries no"
                + " forwarding field, but came from 10.0.0.1 and ran inside c1 GET /ws/abc to 10.0.0.1:80 (started 0.400"
                + " ms later), and its 404 came before c1's 404");
    }

    @Test
    void aClientAskingTwoServersIsNoProxy() {
        // the same request to two servers, the second nested in the first: from the client's own address
        assertThat(infer(exchange(1, BROWSER, NGINX, 0, 3.2, 404, HANDSHAKE),
                exchange(2, new Endpoint("203.0.113.5", 51001), BACKEND, 0.4, 2.9, 404, HANDSHAKE)).enabled()).isFalse();
    }

    @Test
    void nginxsNameOnAnApplicationsJsonErrorToAnUpgradeIsARelay() {
        // only the client's leg captured: nginx writes its own 404 as HTML, so a JSON 404 under its name is the
        // backend's (FastAPI's {"detail":"Not Found"}, relayed by a bare proxy_pass; lab nginx-defaults)
        List<io.hopsniff.decoder.http.HttpHeader> relayed = headers("Server: nginx/1.22.1",
                "Content-Type: application/json");
        LegExchange handshake = new LegExchange(1, 1, null, BROWSER, "GET", "/ws/abc", headers(HANDSHAKE), at(0), at(0),
                404, relayed, at(3), at(3.1), NGINX, null);
        LegExchange other = exchange(2, BROWSER, BACKEND, 5000, 5003, 200, "Host: dash.example");
        LegMap legs = infer(handshake, other);
        assertThat(legs.of(NGINX)).isEqualTo(Leg.FRONT);
        assertThat(legs.evidence()).singleElement().asString().contains("was answered with Server: nginx/1.22.1 and a"
                + " JSON 404 (its own error pages are HTML): a proxy relayed it");
        // nginx's own HTML 404, or a JSON file it serves to a plain GET, says nothing of a proxy
        LegExchange html = new LegExchange(1, 1, null, BROWSER, "GET", "/ws/abc", headers(HANDSHAKE), at(0), at(0), 404,
                headers("Server: nginx/1.22.1", "Content-Type: text/html"), at(3), at(3.1), NGINX, null);
        LegExchange file = new LegExchange(1, 1, null, BROWSER, "GET", "/manifest.json", headers("Host: dash.example"),
                at(0), at(0), 404, relayed, at(3), at(3.1), NGINX, null);
        assertThat(infer(html, other).enabled()).isFalse();
        assertThat(infer(file, other).enabled()).isFalse();
    }

    @Test
    void anOccasionalCoincidenceFromAServersHostIsNoProxy() {
        // a monitor on the first server's host asks both servers the same thing three times; once the second one
        // happens to answer first, the other times it answers after the first: one in three is no proxy's habit
        Endpoint monitor = new Endpoint("10.0.0.1", 40000);
        LegExchange[] exchanges = new LegExchange[6];
        for (int i = 0; i < 3; i++) {
            double t = i * 1000;
            exchanges[2 * i] = exchange(1 + 2 * i, new Endpoint("10.0.0.1", 41000 + i), NGINX, t, t + 3.2, 200);
            exchanges[2 * i + 1] = exchange(2 + 2 * i, monitor, BACKEND, t + 0.4, t + (i == 0 ? 2.9 : 3.5), 200);
        }
        assertThat(infer(exchanges).enabled()).isFalse();
        // the same three, each one relayed: a proxy
        for (int i = 1; i < 3; i++) {
            double t = i * 1000;
            exchanges[2 * i + 1] = exchange(2 + 2 * i, monitor, BACKEND, t + 0.4, t + 2.9, 200);
        }
        assertThat(infer(exchanges).of(BACKEND)).isEqualTo(Leg.BACKEND);
    }

    @Test
    void anAnswerAfterTheFrontAnswerOrWithAnotherStatusIsNoRelay() {
        Endpoint fromProxy = new Endpoint("10.0.0.1", 40000);
        // the front's answer began before the second server's did (and ended after it): nothing was waited for
        LegExchange answeredFirst = new LegExchange(1, 1, null, BROWSER, "GET", "/ws/abc", headers(HANDSHAKE), at(0),
                at(0), 404, List.of(), at(2.0), at(5.0), NGINX, null);
        assertThat(infer(answeredFirst, exchange(2, fromProxy, BACKEND, 0.4, 2.9, 404, FORWARDED)).enabled()).isFalse();
        // another status: not the answer passed on
        assertThat(infer(exchange(1, BROWSER, NGINX, 0, 3.2, 200, HANDSHAKE),
                exchange(2, fromProxy, BACKEND, 0.4, 2.9, 404, FORWARDED)).enabled()).isFalse();
    }

    @Test
    void aCopyThatNeverLeftTheHostComesFromTheProxyListeningOnItsLanAddress() {
        // nginx on the backend's host listens on the host's LAN address and dials 127.0.0.1:12656 (lab
        // nginx-localhost: 127.0.0.2 and 127.0.0.1): the copy comes from 127.0.0.1, not from where clients reach it
        Endpoint local = new Endpoint("127.0.0.1", 12656);
        LegMap legs = infer(exchange(1, BROWSER, NGINX, 0, 3.2, 404, HANDSHAKE),
                exchange(2, new Endpoint("127.0.0.1", 47008), local, 0.4, 2.9, 404, FORWARDED));
        assertThat(legs.of(NGINX)).isEqualTo(Leg.FRONT);
        assertThat(legs.of(local)).isEqualTo(Leg.BACKEND);
        assertThat(legs.evidence()).singleElement().asString()
                .contains("came from 127.0.0.1 (within the captured host) and ran inside c1");
        // the same from the backend's own address, as a proxy dialling the host's LAN address does
        Endpoint lan = new Endpoint("10.0.0.2", 12656);
        assertThat(infer(exchange(1, BROWSER, NGINX, 0, 3.2, 404, HANDSHAKE),
                exchange(2, new Endpoint("10.0.0.2", 47008), lan, 0.4, 2.9, 404, FORWARDED)).of(lan))
                .isEqualTo(Leg.BACKEND);
        // but a copy from a third host that serves too says nothing of the front's host
        LegExchange third = exchange(3, new Endpoint("10.0.0.9", 5000), new Endpoint("10.0.0.9", 8080), 5000, 5001, 200);
        assertThat(infer(exchange(1, BROWSER, NGINX, 0, 3.2, 404, HANDSHAKE),
                exchange(2, new Endpoint("10.0.0.9", 47008), BACKEND, 0.4, 2.9, 404, FORWARDED), third).of(BACKEND))
                .isNull();
    }
}
