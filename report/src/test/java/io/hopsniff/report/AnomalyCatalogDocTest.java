package io.hopsniff.report;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.anomaly.AnomalyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AnomalyCatalogDocTest {

    @Test
    void docsAnomaliesIsCurrent() throws IOException {
        Path root = RepoPaths.root();
        Path doc = root.resolve("docs/anomalies.md");
        assertThat(Files.exists(doc)).as("docs/anomalies.md exists").isTrue();
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as("docs/anomalies.md is stale: regenerate with "
                        + "'java -cp cli/target/hopsniff.jar io.hopsniff.report.AnomalyCatalogDoc docs/anomalies.md'")
                .isEqualTo(AnomalyCatalogDoc.render());
    }

    @Test
    void everyIdIsListedOnceWithItsSeverity() {
        String doc = AnomalyCatalogDoc.render();
        for (AnomalyType t : AnomalyType.values()) {
            assertThat(doc).contains("| `" + t.name() + "` | " + t.severity().name().toLowerCase(java.util.Locale.ROOT) + " |");
        }
    }
}
