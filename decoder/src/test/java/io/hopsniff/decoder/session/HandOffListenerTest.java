package io.hopsniff.decoder.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report thread takes every event, in order, on its own thread, and its failures reach the caller. */
class HandOffListenerTest {

    /** A guard against a hang only: the runs take milliseconds. */
    private static final Duration HANG = Duration.ofSeconds(60);

    /** Records what it is passed and on which thread; throws at the event numbered {@code failAt}. */
    private static final class Recorder implements AnalysisListener {
        final List<Long> ids = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        final long failAt;
        final RuntimeException failure = new IllegalArgumentException("a bug in the report");

        Recorder(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public void exchange(HttpExchange exchange, ExchangeContext context) {
            take(exchange.id());
        }

        @Override
        public void connection(ConnectionRecord connection) {
            take(connection.id());
        }

        @Override
        public void anomaly(Anomaly anomaly) {
            take(anomaly.connectionId());
        }

        private void take(long id) {
            if (id == failAt) {
                throw failure;
            }
            ids.add(id);
            threads.add(Thread.currentThread().getName());
        }
    }

    private static Anomaly anomaly(long id) {
        return new Anomaly(AnomalyType.TCP_RETRANSMISSION, id, id, 0, "");
    }

    private static HttpExchange exchange(long id) {
        return new HttpExchange(id, id, 1, null, List.of(), null);
    }

    @Test
    void everyEventArrivesInOrderOnTheReportThread() {
        Recorder next = new Recorder(-1);
        HandOffListener handOff = new HandOffListener(next);
        // Ten full batches and a partial one, exchanges and anomalies interleaved.
        long events = 10L * HandOffListener.BATCH + 7;
        for (long id = 1; id <= events; id++) {
            if (id % 3 == 0) {
                handOff.exchange(exchange(id), null);
            } else {
                handOff.anomaly(anomaly(id));
            }
        }
        assertTimeoutPreemptively(HANG, handOff::drain);
        assertThat(next.ids).hasSize((int) events);
        for (int i = 0; i < events; i++) {
            assertThat(next.ids.get(i)).isEqualTo(i + 1L);
        }
        assertThat(next.threads).containsOnly("hopsniff-report");
        handOff.drain(); // idempotent
        assertThat(next.ids).hasSize((int) events);
    }

    @Test
    void aFailureReachesTheCallerAndTheDecoderIsNeverHeldBack() {
        Recorder next = new Recorder(5);
        HandOffListener handOff = new HandOffListener(next);
        // Far more batches than the queue holds: the thread keeps taking them after the failure.
        assertTimeoutPreemptively(HANG, () -> {
            for (long id = 1; id <= 4L * HandOffListener.QUEUED_BATCHES * HandOffListener.BATCH; id++) {
                handOff.anomaly(anomaly(id));
            }
        });
        assertThatThrownBy(handOff::drain).isSameAs(next.failure);
        assertThat(next.ids).containsExactly(1L, 2L, 3L, 4L); // nothing after the failure is passed on
        assertThatThrownBy(handOff::drain).isSameAs(next.failure);
    }

    @Test
    void closingWithoutDrainingEndsTheThreadQuietly() {
        Recorder next = new Recorder(1);
        HandOffListener handOff = new HandOffListener(next);
        handOff.anomaly(anomaly(1));
        assertTimeoutPreemptively(HANG, handOff::close);
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("hopsniff-report") && t.isAlive())).isEmpty();
    }
}
