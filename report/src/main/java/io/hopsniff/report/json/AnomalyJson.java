package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One anomaly occurrence; {@code summary} is the catalogue's one-line explanation of the id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnomalyJson(String id, String severity, Long connection, Long transaction, TimeJson time,
                          String summary, String detail) {
}
