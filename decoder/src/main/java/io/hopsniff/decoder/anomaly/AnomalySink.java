package io.hopsniff.decoder.anomaly;

/** Where decoders report what they found. Implementations count and may keep a bounded list. */
@FunctionalInterface
public interface AnomalySink {
    void report(Anomaly anomaly);
}
