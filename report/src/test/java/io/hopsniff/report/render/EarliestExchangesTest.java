package io.hopsniff.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The earliest exchanges of a report: by request start, else response start, exchanges without either last, ties
 * by id. The streaming reader and the tree reader must choose the same exchanges in the same order.
 */
class EarliestExchangesTest {

    @TempDir
    Path dir;

    /** Listed in completion order, as the report writes them; the comment says which start counts. */
    private static final String TRANSACTIONS = String.join(",",
            tx(1, "{\"first_byte\":{\"epoch_ns\":500,\"utc\":\"x\"},\"method\":\"GET\"}", null), // 500
            tx(2, null, "{\"status\":200,\"first_byte\":{\"epoch_ns\":100}}"), // no request: 100
            tx(3, "{\"headers\":[{\"name\":\"a\",\"value\":\"{\\\"first_byte\\\":1}\"}],\"first_byte\":{\"epoch_ns\":300}}",
                    "{\"first_byte\":{\"epoch_ns\":1}}"), // the request's 300, not the response's 1
            tx(4, "{\"first_byte\":null}", "{\"first_byte\":{\"epoch_ns\":2}}"), // a null start: last
            tx(5, "{\"first_byte\":{\"epoch_ns\":300}}", null), // 300, after id 3
            "{\"id\":6,\"websocket\":{\"c2s\":{\"frames\":[1,2,3]}}}", // no messages: last
            tx(7, "{\"method\":\"GET\"}", "{\"first_byte\":{\"epoch_ns\":200}}")); // request without start: 200

    private static String tx(long id, String request, String response) {
        return "{\"id\":" + id + ",\"connection\":1" + (request == null ? "" : ",\"request\":" + request)
                + (response == null ? "" : ",\"response\":" + response) + "}";
    }

    @Test
    void earliestByStartThenIdWithoutStartLast() throws IOException {
        ReportFile report = report(TRANSACTIONS);

        assertThat(ids(EarliestExchanges.read(report, 10))).containsExactly(2L, 7L, 3L, 5L, 1L, 4L, 6L);
        assertThat(ids(EarliestExchanges.read(report, 3))).containsExactly(2L, 7L, 3L);
        assertThat(EarliestExchanges.read(report, 0)).isEmpty();
    }

    @Test
    void streamingAndTreeReadersChooseTheSame() throws IOException {
        ReportFile report = report(TRANSACTIONS);
        for (int limit = 1; limit <= 8; limit++) {
            List<JsonNode> streamed = EarliestExchanges.read(report, limit);
            List<JsonNode> trees = EarliestExchanges.read(report, limit, tx -> { });
            assertThat(streamed).as("limit %d", limit).isEqualTo(trees);
        }
    }

    @Test
    void aReportWithoutTransactionsHasNone() throws IOException {
        Files.writeString(dir.resolve("r.json"), "{\"schema\":\"hopsniff.report/1\",\"connections\":[]}");
        ReportFile report = ReportFile.open(dir.resolve("r.json"));

        assertThat(EarliestExchanges.read(report, 5)).isEmpty();
    }

    private ReportFile report(String transactions) throws IOException {
        Path file = dir.resolve("report.json");
        // multi-byte text before the array: offsets are bytes, not characters
        Files.writeString(file, "{\"schema\":\"hopsniff.report/1\",\"tool\":{\"note\":\"ünïcödé ✓\"},\"transactions\":["
                + transactions + "],\"summary\":{}}", StandardCharsets.UTF_8);
        return ReportFile.open(file);
    }

    private static List<Long> ids(List<JsonNode> txs) {
        List<Long> ids = new ArrayList<>();
        txs.forEach(t -> ids.add(t.path("id").asLong()));
        return ids;
    }
}
