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
 * Heads being read hold the run's kept-bytes budget beyond their first 512 bytes, and give it back once read: many
 * connections each in the middle of a long head cannot fill the heap. A head the budget has no room for is named
 * (HTTP_HEADER_TOO_LARGE with the budget in its detail) and its lines are not kept as fields.
 */
class HeadBudgetTest {

    private static final String LONG_FIELD = "X-Pad: " + "a".repeat(1400) + "\r\n";

    @Test
    void aLongHeadBorrowsFromTheBudgetAndGivesItBack() {
        KeptBytes budget = new KeptBytes(64 * 1024);
        Harness.Result r = new Harness.Result();
        Http1Connection c = connection(r, budget);
        String head = "GET /ws/abc HTTP/1.1\r\nHost: dash\r\n" + LONG_FIELD.repeat(3);
        send(r, c, Direction.CLIENT_TO_SERVER, head);
        assertThat(budget.used()).as("while the head is read").isGreaterThan(0);

        send(r, c, Direction.CLIENT_TO_SERVER, "\r\n");
        assertThat(budget.used()).as("once the head is read: its fields, beyond 512 bytes, until the exchange leaves")
                .isEqualTo(head.length() + 2 - LineBuffer.OWN);
        send(r, c, Direction.SERVER_TO_CLIENT, "HTTP/1.1 204 No Content\r\n\r\n");
        c.end(EndReason.FIN, 9);

        assertThat(r.exchanges).hasSize(1);
        assertThat(r.exchanges.get(0).request().headers()).hasSize(4);
        assertThat(r.types()).doesNotContain(AnomalyType.HTTP_HEADER_TOO_LARGE);
        assertThat(budget.used()).isZero();
    }

    @Test
    void withNoRoomTheHeadIsNamedAndItsLinesAreNotKept() {
        KeptBytes budget = new KeptBytes(2048); // within --max-header-bytes, beyond what the budget lends
        Harness.Result r = new Harness.Result();
        Http1Connection c = connection(r, budget);
        send(r, c, Direction.CLIENT_TO_SERVER, "GET /ws/abc HTTP/1.1\r\nHost: dash\r\n" + LONG_FIELD.repeat(4) + "\r\n");
        c.end(EndReason.FIN, 9);

        assertThat(r.anomalies).filteredOn(a -> a.type() == AnomalyType.HTTP_HEADER_TOO_LARGE).singleElement()
                .satisfies(a -> assertThat(a.detail()).startsWith("limit=65536, kept_bytes_limit=2048"));
        assertThat(r.exchanges).allSatisfy(e -> assertThat(e.request() == null || e.request().headers().isEmpty()).isTrue());
        assertThat(budget.used()).as("given back at the end").isZero();
    }

    @Test
    void aHeadCutByTheConnectionsEndGivesTheBudgetBack() {
        KeptBytes budget = new KeptBytes(1 << 20);
        Harness.Result r = new Harness.Result();
        Http1Connection c = connection(r, budget);
        send(r, c, Direction.CLIENT_TO_SERVER, "GET / HTTP/1.1\r\n" + LONG_FIELD.repeat(5));
        assertThat(budget.used()).isGreaterThan(0);
        c.end(EndReason.RST, 9);

        assertThat(r.types()).contains(AnomalyType.HTTP_INCOMPLETE_MESSAGE);
        assertThat(budget.used()).isZero();
    }

    @Test
    void anUnansweredRequestsFieldsHoldTheBudgetUntilItsExchangeLeaves() {
        KeptBytes budget = new KeptBytes(1 << 20);
        Harness.Result r = new Harness.Result();
        Http1Connection c = connection(r, budget);
        String head = "GET /a HTTP/1.1\r\nHost: dash\r\n" + LONG_FIELD.repeat(3) + "\r\n";
        send(r, c, Direction.CLIENT_TO_SERVER, head);
        assertThat(budget.used()).as("fields held, beyond the first 512 bytes").isEqualTo(head.length() - 512);
        c.end(EndReason.FIN, 9);

        assertThat(r.exchanges).singleElement().satisfies(e -> assertThat(e.request().headers()).hasSize(4));
        assertThat(budget.used()).isZero();
    }

    @Test
    void withNoRoomForItsFieldsAnUnansweredRequestKeepsItsFramingNotItsFields() {
        // room to read the head (its buffer grows to 4 KiB: 3.5 KiB lent), none to keep its fields beside it
        KeptBytes budget = new KeptBytes(4000);
        Harness.Result r = new Harness.Result();
        Http1Connection c = connection(r, budget);
        String head = "POST /a HTTP/1.1\r\nHost: dash\r\nContent-Length: 5\r\n" + LONG_FIELD.repeat(1)
                + "X-More: " + "b".repeat(900) + "\r\n\r\nhello";
        send(r, c, Direction.CLIENT_TO_SERVER, head);
        c.end(EndReason.FIN, 9);

        assertThat(r.exchanges).singleElement().satisfies(e -> {
            assertThat(e.request().headers()).isEmpty();
            assertThat(e.request().bodyBytes()).as("framed by Content-Length all the same").isEqualTo(5);
            assertThat(e.request().complete()).isTrue();
        });
        assertThat(r.anomalies).filteredOn(a -> a.type() == AnomalyType.HTTP_KEPT_BYTES_LIMIT).singleElement()
                .satisfies(a -> assertThat(a.detail()).startsWith("message=request, head_fields_not_kept=4"));
        assertThat(budget.used()).isZero();
    }

    private static Http1Connection connection(Harness.Result r, KeptBytes budget) {
        Http1Connection c = new Http1Connection(1, Http1Config.DEFAULTS, new AtomicLong()::incrementAndGet, r,
                r.anomalies::add, budget, RunCount.unlimited());
        r.connection = c;
        return c;
    }

    private static void send(Harness.Result r, Http1Connection c, Direction d, String text) {
        Harness.data(r, c, d, ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)), 1);
    }
}
