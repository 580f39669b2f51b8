package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hopsniff.testkit.LoopbackPcap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long HTTP/1 heads on many connections at once, each within --max-header-bytes: 1 500 heads of 56 KB are 84 MB,
 * more than the 64 MiB heap they are analysed in. Unfinished or unanswered, they used to stay in memory until the
 * connections ended and the run died out of memory; now the kept-bytes budget bounds them, the run ends normally and
 * what was not kept is named.
 */
class HeadFloodTest {

    private static final int CONNECTIONS = 1500;
    private static final String LONG_FIELD = "X-Pad: " + "a".repeat(1400) + "\r\n";

    @TempDir
    Path tmp;

    @Test
    @Timeout(150)
    void unfinishedLongHeadsAreNamedNotHeld() throws Exception {
        Path pcap = capture("unfinished.pcap", "");
        JsonNode r = analyze(pcap);
        assertThat(r.at("/summary/connections").asLong()).isEqualTo(CONNECTIONS);
        assertThat(r.at("/summary/anomalies/HTTP_HEADER_TOO_LARGE").asLong()).isPositive();
        assertThat(details(r, "HTTP_HEADER_TOO_LARGE")).contains("kept_bytes_limit=8388608");
    }

    @Test
    @Timeout(150)
    void unansweredLongRequestsKeepTheirFramingNotTheirFields() throws Exception {
        Path pcap = capture("unanswered.pcap", "\r\n");
        JsonNode r = analyze(pcap);
        assertThat(r.at("/summary/requests").asLong()).isEqualTo(CONNECTIONS);
        assertThat(r.at("/summary/anomalies/HTTP_KEPT_BYTES_LIMIT").asLong()).isPositive();
        assertThat(details(r, "HTTP_KEPT_BYTES_LIMIT")).contains("head_fields_not_kept=41");
        assertThat(r.at("/summary/anomalies/HTTP_NO_RESPONSE").asLong()).isEqualTo(CONNECTIONS);
    }

    /** Each connection sends a GET with 40 fields of 1.4 KB, then {@code end}; the server never answers. */
    private Path capture(String name, String end) throws Exception {
        Path pcap = tmp.resolve(name);
        String head = "GET /ws/session HTTP/1.1\r\nHost: dash\r\n" + LONG_FIELD.repeat(40) + end;
        try (LoopbackPcap w = new LoopbackPcap(pcap)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                w.connection(20000 + i).open().client(head.getBytes(StandardCharsets.US_ASCII), 1448);
            }
        }
        return pcap;
    }

    private static JsonNode analyze(Path pcap) throws Exception {
        return ChildAnalysis.report(pcap, "-Xmx64m", "--max-kept-bytes", "8m");
    }

    private static String details(JsonNode report, String id) {
        StringBuilder all = new StringBuilder();
        report.at("/anomalies").forEach(a -> {
            if (a.path("id").asText().equals(id)) {
                all.append(a.path("detail").asText()).append('\n');
            }
        });
        return all.toString();
    }
}
