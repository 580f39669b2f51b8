package io.hopsniff.report.correlation;

import java.util.List;

/**
 * What correlation reads, frozen: the kept exchanges of each leg in completion order, the TLS front connections,
 * and where each leg's bound cut in.
 *
 * @param frontCutoff    request start of the first front exchange not kept (Long.MAX_VALUE: all kept); backend
 *                       requests from then on are not called unmatched
 * @param backendCutoff  the same for the backend leg
 * @param notCorrelated  exchanges beyond the bounds (both legs)
 */
public record CorrelationFacts(List<LegExchange> front, List<LegExchange> backend, List<LegConnection> tlsFronts,
                               long frontCutoff, long backendCutoff, long notCorrelated) {

    public CorrelationFacts {
        front = List.copyOf(front);
        backend = List.copyOf(backend);
        tlsFronts = List.copyOf(tlsFronts);
    }
}
