package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The terminal summary shows what the proxy did per forwarded request. samples/caddy-ws-ok.expect.json: Caddy logged
 * four upstream requests (three GETs answered 200, the WebSocket answered 101), each with X-Forwarded-For/-Host/
 * -Proto added; the plain GETs also got X-Real-Ip and a Host without the port (header_up Host {host}).
 */
class TextLegsTest {

    @Test
    void theSummaryListsEachPairWithWhatTheProxyChanged() {
        CliRun run = CliRun.run("analyze", RepoPaths.samples().resolve("caddy-ws-ok.pcap").toString(),
                "--server", "127.0.0.1:12656", "--front", "127.0.0.1:18080");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Proxy legs: 4 pair(s), 0 front request(s) never forwarded, 0 backend request(s)");
        assertThat(run.out().lines().filter(l -> l.contains(" 200/200 ") && l.contains("+X-Forwarded-For")
                && l.contains("X-Real-Ip") && l.endsWith("~Host")).count()).isEqualTo(3);
        assertThat(run.out().lines().filter(l -> l.contains(" 101/101 ") && l.contains("X-Forwarded-Proto")
                && !l.contains("X-Real-Ip")).count()).isEqualTo(1);
    }
}
