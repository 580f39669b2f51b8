package io.hopsniff.decoder.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
