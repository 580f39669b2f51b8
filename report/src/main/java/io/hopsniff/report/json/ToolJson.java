package io.hopsniff.report.json;

import java.util.List;
import java.util.SortedMap;

/** Who wrote the report and with which options, so a reader can reproduce it. */
public record ToolJson(String name, String version, TimeJson generated, List<String> servers, boolean redacted,
                       int bodyBytes, SortedMap<String, Long> limits) {
}
