package io.hopsniff.cli;

import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.diagnosis.DiagnosisSettings;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the diagnosis, shared by analyze and capture. */
public final class DiagnosisOptions {

    @Option(names = "--route", paramLabel = "TEMPLATE",
            description = {"A WebSocket route of the backend app, FastAPI syntax (repeatable), e.g. '/ws/{session_id}'.",
                "Lets a 403 be told apart: wrong path or refused by the app."})
    List<String> routes = new ArrayList<>();

    /** @throws IllegalArgumentException for a malformed template */
    DiagnosisSettings settings() {
        return DiagnosisSettings.withRoutes(routes);
    }

    /** The decoder keeps enough body bytes for diagnoses to quote refusal texts (the report is cut back). */
    static DecoderConfig forDiagnosis(DecoderConfig config) {
        int keep = Math.max(config.http().bodyPrefixBytes(), DiagnosisSettings.BODY_BYTES_FOR_DIAGNOSIS);
        return config.withHttp(config.http().withBodyPrefixBytes(keep));
    }
}
