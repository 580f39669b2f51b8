package io.hopsniff.report.correlation;

import java.util.List;

/**
 * The report's {@code legs} section: how the legs were told apart, so a reader can disagree.
 *
 * @param decided  {@code declared} (--front), {@code inferred} (from the capture) or {@code none}
 * @param front    server endpoints of the client → proxy leg seen in the capture
 * @param backend  server endpoints of the proxy → backend leg seen in the capture
 * @param evidence why: the --front values, or the pairs and gateway errors the inference rests on
 */
public record LegsJson(String decided, List<String> front, List<String> backend, List<String> evidence) {
}
