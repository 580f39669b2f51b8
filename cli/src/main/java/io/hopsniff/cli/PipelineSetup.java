package io.hopsniff.cli;

import io.hopsniff.decoder.session.DecoderConfig;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportOptions;
import io.hopsniff.report.correlation.Legs;
import io.hopsniff.report.diagnosis.DiagnosisSettings;

/**
 * What analyze and capture both build from their shared options: the decoder's configuration and the report's.
 *
 * @param decoder the decoder's configuration, front listeners included and bodies kept for the diagnosis
 */
record PipelineSetup(DecoderConfig decoder, ReportOptions report, DiagnosisSettings diagnosis, Legs legs) {

    /** Most anomaly occurrences listed one by one in a report; the rest are only counted. */
    private static final int MAX_ANOMALIES_LISTED = 10_000;

    /** Throws IllegalArgumentException (a usage error) on a bad value. */
    static PipelineSetup of(DecoderOptions decoder, DiagnosisOptions diagnosis, LegOptions legs, OutputOptions output) {
        DecoderConfig config = legs.withFronts(DiagnosisOptions.forDiagnosis(decoder.config()));
        ReportOptions report = new ReportOptions(VersionProvider.version(), decoder.servers, !output.noRedact,
                decoder.bodyBytes, decoder.limits(), MAX_ANOMALIES_LISTED, output.showHeaders, output.redactHeaders);
        return new PipelineSetup(config, report, diagnosis.settings(), legs.legs());
    }

    ReportCollector collector() {
        return new ReportCollector(report, diagnosis, legs);
    }
}
