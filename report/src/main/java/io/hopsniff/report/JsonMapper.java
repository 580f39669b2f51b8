package io.hopsniff.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper.Builder;

/** The one Jackson configuration of the report: snake_case names, record component order, sorted maps. */
public final class JsonMapper {
    private static final ObjectMapper MAPPER = build();

    private JsonMapper() {
    }

    public static ObjectMapper get() {
        return MAPPER;
    }

    /**
     * The longest string a saved report may hold when read back (renderers, {@code hopsniff report}): a kept body
     * or message is at most 16 MiB, which base64 makes 22.4 M characters, beyond Jackson's default of 20 M.
     */
    static final int MAX_STRING = 32 << 20;

    private static ObjectMapper build() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING).build())
                .build();
        Builder b = com.fasterxml.jackson.databind.json.JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        return b.build();
    }
}
