package io.hopsniff.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import org.junit.jupiter.api.Test;

class SkeletonTest {
    @Test
    void anomalyIdsCarryALayerPrefix() {
        for (AnomalyType t : AnomalyType.values()) {
            assertThat(t.layer()).isIn("CAP", "L2", "IP", "TCP", "HTTP", "WS", "H2", "PROXY");
        }
    }
}
