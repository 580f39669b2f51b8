package io.hopsniff.decoder.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.RunCount;
import io.hopsniff.decoder.tcp.Direction;
import io.hopsniff.decoder.tcp.EndReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Requests waiting for their responses beyond the first of each connection (pipelining) are counted over the run:
 * at the run's limit a connection gives up its oldest waiting request as at its own pending limit, so its
 * response, when it comes, is reported alone and the later ones keep their own answers (responses come in request
 * order, RFC 9112 §9.3.2). The count goes back to 0 once the exchanges leave.
 */
class PipelinedRequestsCountTest {

    @Test
    void pastTheRunsLimitTheOldestWaitingRequestIsGivenUp() {
        RunCount waiting = new RunCount(2, "waiting");
        Harness.Result r = new Harness.Result();
        Http1Connection c = connection(r, waiting);
        for (int i = 1; i <= 3; i++) {
            send(r, c, Direction.CLIENT_TO_SERVER, "GET /" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        assertThat(waiting.count()).as("the second and third: the first waits for free").isEqualTo(2);
        assertThat(r.exchanges).isEmpty();

        send(r, c, Direction.CLIENT_TO_SERVER, "GET /4 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(r.exchanges).singleElement().satisfies(e -> {
            assertThat(e.request().target()).isEqualTo("/1");
            assertThat(e.response()).isNull();
        });
        assertThat(r.anomalies).filteredOn(a -> a.type() == AnomalyType.HTTP_PENDING_LIMIT).singleElement()
                .satisfies(a -> assertThat(a.detail()).isEqualTo("limit_all=2 (waiting on all connections together)"));
        assertThat(waiting.count()).isEqualTo(2);

        for (int i = 1; i <= 4; i++) {
            send(r, c, Direction.SERVER_TO_CLIENT, "HTTP/1.1 20" + i + " R\r\nContent-Length: 0\r\n\r\n");
        }
        c.end(EndReason.FIN, 9);
        assertThat(r.exchanges.stream().map(e -> (e.request() == null ? "-" : e.request().target()) + " "
                + (e.response() == null ? "-" : e.response().status())))
                .containsExactly("/1 -", "- 201", "/2 202", "/3 203", "/4 204");
        assertThat(waiting.count()).isZero();
    }

    @Test
    void requestsAnsweredOneAtATimeAreNeverCounted() {
        RunCount waiting = new RunCount(1, "waiting");
        Harness.Result r = new Harness.Result();
        Http1Connection c = connection(r, waiting);
        for (int i = 1; i <= 5; i++) {
            send(r, c, Direction.CLIENT_TO_SERVER, "GET /" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(waiting.count()).isZero();
            send(r, c, Direction.SERVER_TO_CLIENT, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
        assertThat(r.exchanges).hasSize(5).allSatisfy(e -> assertThat(e.response()).isNotNull());
        assertThat(r.types()).doesNotContain(AnomalyType.HTTP_PENDING_LIMIT);
    }

    private static Http1Connection connection(Harness.Result r, RunCount waiting) {
        Http1Connection c = new Http1Connection(1, Http1Config.DEFAULTS, new AtomicLong()::incrementAndGet, r,
                r.anomalies::add, KeptBytes.unlimited(), waiting);
        r.connection = c;
        return c;
    }

    private static void send(Harness.Result r, Http1Connection c, Direction d, String text) {
        Harness.data(r, c, d, ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)), 1);
    }
}
