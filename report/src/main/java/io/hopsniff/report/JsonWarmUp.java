package io.hopsniff.report;

import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.ConnectionJson;
import io.hopsniff.report.json.DirectionJson;
import io.hopsniff.report.json.MessageJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.TransactionJson;
import java.util.List;

/**
 * Builds Jackson's serializers for the report's records on a second core while the first one reads packets:
 * Jackson's introspection is a fixed cost of about a tenth of a second that otherwise lands on the first exchange
 * (measured in docs/benchmarks.md). Purely an optimisation: if it has not finished, the main thread does the work.
 */
public final class JsonWarmUp {

    private JsonWarmUp() {
    }

    public static void start() {
        Thread t = new Thread(JsonWarmUp::run, "hopsniff-json-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try {
            TimeJson time = TimeJson.of(1);
            MessageJson m = new MessageJson("GET", "/", null, null, "HTTP/1.1", List.of(List.of("Host", "h")), null,
                    time, time, time, 1, 0, "none", true, null);
            DirectionJson d = new DirectionJson(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            var w = JsonMapper.get().writer();
            w.writeValueAsString(new TransactionJson(1, 1, 0, "http/1.1", "1.1.1.1:1", "1.1.1.1:2", m, List.of(m), m,
                    1.0, 1.0, null, null, null, List.of("X")));
            w.writeValueAsString(new ConnectionJson(1, "a", "b", time, time, 0, "fin", true, true, "S", "http/1.1", null,
                    0, d, d));
            w.writeValueAsString(new AnomalyJson("X", "info", 1L, 1L, time, "s", "d"));
        } catch (Exception | LinkageError e) {
            // Nothing to do: the main thread builds whatever is missing when it needs it.
        }
    }
}
