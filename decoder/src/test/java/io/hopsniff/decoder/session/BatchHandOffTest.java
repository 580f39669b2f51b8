package io.hopsniff.decoder.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Objects arrive in the order added, batch by batch; an interrupted hand-over changes nothing. */
class BatchHandOffTest {

    @Test
    void objectsArriveInOrderAcrossFullAndPartialBatches() throws InterruptedException {
        BatchHandOff h = new BatchHandOff(3, 8);
        for (int i = 1; i <= 7; i++) {
            h.add(i); // two full batches and a partial one
        }
        h.end();
        for (int i = 1; i <= 7; i++) {
            assertThat(h.next()).isEqualTo(i);
        }
        assertThat(h.next()).isNull();
        assertThat(h.next()).isNull(); // and at every call after the end
    }

    @Test
    void anInterruptedHandOverChangesNothingAndCanBeTriedAgain() throws InterruptedException {
        BatchHandOff h = new BatchHandOff(1, 1);
        h.add("a");
        h.add("b"); // hands [a] over: the queue is full
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> h.add("c")).isInstanceOf(InterruptedException.class);
        assertThat(h.next()).isEqualTo("a");
        h.add("c"); // tried again: [b] handed over, nothing lost or doubled
        assertThat(h.next()).isEqualTo("b");
        h.flush();
        assertThat(h.next()).isEqualTo("c");
        h.end();
        assertThat(h.next()).isNull();
    }

    /** Without the growth the consumer would wait for 256 objects: the timeout fails it instead of a hang. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theFirstObjectGoesWithTheSecondAndBatchesDoubleFromOne() throws InterruptedException {
        BatchHandOff h = new BatchHandOff(256, 2);
        h.add(1);
        h.add(2); // hands [1] over
        assertThat(h.next()).isEqualTo(1);
        h.add(3); // [2, 3]: the second batch holds two
        h.add(4); // hands [2, 3] over
        assertThat(h.next()).isEqualTo(2);
        assertThat(h.next()).isEqualTo(3);
        for (int i = 5; i <= 7; i++) {
            h.add(i); // [4, 5, 6, 7]: the third holds four
        }
        h.add(8); // hands [4 .. 7] over
        for (int i = 4; i <= 7; i++) {
            assertThat(h.next()).isEqualTo(i);
        }
        h.end();
        assertThat(h.next()).isEqualTo(8);
        assertThat(h.next()).isNull();
    }
}
