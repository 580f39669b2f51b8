package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The heap watch of a real JVM: found on a thread of its own at the first look, then read at every look. */
class HeapPressureTest {

    @Test
    void theFirstLookAnswersNoAndLaterLooksReadTheOldGeneration() throws Exception {
        HeapPressure watch = HeapPressure.watchOldGeneration();
        assertThat(watch.risen()).as("the first look does not wait for java.management").isFalse();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (watch.detail().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(watch.detail()).as("the watch was found on its own thread").startsWith("heap=");
        System.gc(); // a collection since the last look: the next look reads the usage it left
        assertThat(watch.risen()).as("a nearly empty test heap is not under pressure").isFalse();
        assertThat(watch.detail()).matches("heap=\\d+ of \\d+ MiB live after a collection \\(.+\\)");
    }
}
