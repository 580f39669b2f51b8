package io.hopsniff.report.correlation;

import java.util.List;

/**
 * A request header diff, front → backend.
 *
 * @param added   [name, value] sent to the backend only
 * @param removed [name, value] received from the client only (hop-by-hop fields, header_up -)
 * @param changed [name, front value, backend value]
 * @param renamed [front name, backend name]: the same field with only its name's case changed
 */
public record HeaderDiffJson(List<List<String>> added, List<List<String>> removed, List<List<String>> changed,
                             List<List<String>> renamed) {
}
