package io.hopsniff.decoder.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.testkit.RepoPaths;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The registry of what a connection carries: an upgrade token (first token, any case, RFC 9110 §7.8) or CONNECT
 * finds its protocol, anything else is counted as {@code upgraded:<token>}; every name the report can show is
 * documented in docs/report-format.md.
 */
class ProtocolRegistryTest {

    @Test
    void upgradeTokensFindTheirProtocolInAnyCase() {
        assertThat(Protocol.forUpgrade("websocket")).isEqualTo(Protocol.WEBSOCKET);
        assertThat(Protocol.forUpgrade("WebSocket")).isEqualTo(Protocol.WEBSOCKET);
        assertThat(Protocol.forUpgrade("H2C")).isEqualTo(Protocol.H2C);
        assertThat(Protocol.forUpgrade("connect")).isEqualTo(Protocol.TUNNEL);
        assertThat(Protocol.forUpgrade("tcp")).isEqualTo(Protocol.UPGRADED);
        assertThat(Protocol.forUpgrade(null)).isEqualTo(Protocol.UPGRADED);
        for (Protocol p : Protocol.values()) {
            if (p.upgradeToken() != null) {
                assertThat(Protocol.forUpgrade(p.upgradeToken())).isEqualTo(p);
            }
        }
    }

    @Test
    void labelsReadBack() {
        for (Protocol p : Protocol.values()) {
            assertThat(Protocol.ofLabel(p.label())).isEqualTo(p);
        }
        assertThat(Protocol.ofLabel("upgraded:tcp")).isEqualTo(Protocol.UPGRADED);
        assertThat(Protocol.ofLabel("something new")).isEqualTo(Protocol.UNKNOWN);
        assertThat(Protocol.NONE.carriesHttp()).isFalse();
        assertThat(Protocol.UNKNOWN.carriesHttp()).isFalse();
        assertThat(Protocol.HTTP2_REFUSED.carriesHttp()).isTrue();
    }

    @Test
    void everyNameTheReportCanShowIsDocumented() throws Exception {
        String row = Files.readAllLines(RepoPaths.root().resolve("docs/report-format.md")).stream()
                .filter(l -> l.startsWith("| `protocol` | what it carried")).findFirst().orElseThrow();
        for (Protocol p : Protocol.values()) {
            String shown = p == Protocol.UPGRADED ? "upgraded:TOKEN" : p.label();
            assertThat(row).as("docs/report-format.md names " + p).contains("`" + shown + "`");
        }
    }
}
