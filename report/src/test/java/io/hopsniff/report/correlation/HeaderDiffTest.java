package io.hopsniff.report.correlation;

import static io.hopsniff.report.correlation.Ex.headers;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.report.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Oracle: RFC 9110 §7.6.1 (hop-by-hop fields are removed by a proxy) and Caddy's reverse_proxy header handling. */
class HeaderDiffTest {

    @Test
    void hopByHopRemovedForwardedAddedHostChanged() {
        HeaderDiffJson d = HeaderDiff.diff(
                headers("Host: example.com:8443", "Connection: keep-alive, X-Trace", "Keep-Alive: timeout=5",
                        "X-Trace: 1", "Accept: */*"),
                headers("Host: example.com", "Accept: */*", "X-Forwarded-For: 10.0.0.7", "Accept-Encoding: gzip"),
                Redactor.on());
        assertThat(d.removed()).containsExactly(List.of("Connection", "keep-alive, X-Trace"),
                List.of("Keep-Alive", "timeout=5"), List.of("X-Trace", "1"));
        assertThat(d.added()).containsExactly(List.of("X-Forwarded-For", "10.0.0.7"), List.of("Accept-Encoding", "gzip"));
        assertThat(d.changed()).containsExactly(List.of("Host", "example.com:8443", "example.com"));
        assertThat(d.renamed()).isEmpty();
    }

    @Test
    void onlyTheCaseOfANameChangedIsARenameNotAChange() {
        HeaderDiffJson d = HeaderDiff.diff(headers("Sec-WebSocket-Key: k=="), headers("Sec-Websocket-Key: k=="),
                Redactor.on());
        assertThat(d.changed()).isEmpty();
        assertThat(d.added()).isEmpty();
        assertThat(d.removed()).isEmpty();
        assertThat(d.renamed()).containsExactly(List.of("Sec-WebSocket-Key", "Sec-Websocket-Key"));
    }

    @Test
    void duplicatesArePairedInOrder() {
        HeaderDiffJson d = HeaderDiff.diff(headers("Via: 1.1 a", "Via: 1.1 b"),
                headers("Via: 1.1 a", "Via: 1.1 b", "Via: 1.1 caddy"), Redactor.on());
        assertThat(d.added()).containsExactly(List.of("Via", "1.1 caddy"));
        assertThat(d.changed()).isEmpty();
    }

    @Test
    void credentialsStayRedactedInTheDiff() {
        HeaderDiffJson d = HeaderDiff.diff(headers("Authorization: Bearer abc"), headers("Authorization: Bearer xyz1"),
                Redactor.on());
        assertThat(d.changed()).containsExactly(List.of("Authorization", "<redacted:10 bytes>", "<redacted:11 bytes>"));
    }
}
