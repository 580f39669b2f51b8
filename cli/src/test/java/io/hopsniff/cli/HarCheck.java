package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;

/** Validates HAR output against test/resources/har-1.2.schema.json (written from the HAR 1.2 spec's field list). */
final class HarCheck {
    private static final JsonSchema SCHEMA = load();

    private HarCheck() {
    }

    private static JsonSchema load() {
        try (InputStream in = HarCheck.class.getResourceAsStream("/har-1.2.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertValid(JsonNode har) {
        assertThat(SCHEMA.validate(har)).as("HAR 1.2 violations").isEmpty();
        for (JsonNode e : har.path("log").path("entries")) {
            JsonNode t = e.path("timings");
            double sum = t.path("send").asDouble() + t.path("wait").asDouble() + t.path("receive").asDouble();
            assertThat(e.path("time").asDouble()).as("time = send + wait + receive").isCloseTo(sum,
                    org.assertj.core.data.Offset.offset(0.002));
        }
    }
}
