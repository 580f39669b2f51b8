package io.hopsniff.report.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/diagnoses.md is generated from {@link DiagnosisId}; the committed file must be current. */
class CatalogueDocTest {

    @Test
    void committedPageIsCurrent() throws Exception {
        Path doc = Diag.repoRoot().resolve("docs/diagnoses.md");
        String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        assertThat(committed).as("docs/diagnoses.md is stale; regenerate from the repository root with:\n  "
                + Catalogue.REGENERATE + "\n").isEqualTo(Catalogue.markdown());
    }

    @Test
    void entriesAreComplete() {
        for (DiagnosisId id : DiagnosisId.values()) {
            assertThat(id.name()).startsWith("DIAG_");
            assertThat(id.title()).isNotBlank();
            assertThat(id.verdictTemplate()).endsWith(".");
            assertThat(id.causes()).isNotEmpty();
            assertThat(id.fix()).isNotBlank();
            assertThat(id.reference()).isNotBlank();
            assertThat(Catalogue.explain(id)).contains(id.name(), id.fix());
        }
    }
}
