package io.hopsniff.report.diagnosis;

import java.util.List;

/**
 * How the diagnosis runs.
 *
 * @param routes         the backend's WebSocket routes ({@code --route}), to tell a wrong path from a refusal
 * @param maxExchanges   exchanges kept in full (upgrade attempts, CONNECT, PRI, 101s, unanswered); the rest are counted
 * @param maxConnections connection records kept; the rest are counted
 */
public record DiagnosisSettings(List<RouteTemplate> routes, int maxExchanges, int maxConnections) {

    /**
     * Body bytes the decoder should keep so that a diagnosis can quote a refusal's text ("Unsupported upgrade
     * request."); the report itself still shows only what {@code --body-bytes} asked for.
     */
    public static final int BODY_BYTES_FOR_DIAGNOSIS = 160;

    public static final DiagnosisSettings DEFAULTS = new DiagnosisSettings(List.of(), 1000, 1000);

    public DiagnosisSettings {
        routes = List.copyOf(routes);
    }

    public static DiagnosisSettings withRoutes(List<String> templates) {
        return new DiagnosisSettings(templates.stream().map(RouteTemplate::parse).toList(),
                DEFAULTS.maxExchanges, DEFAULTS.maxConnections);
    }
}
