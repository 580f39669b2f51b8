package io.hopsniff.cli;

import picocli.CommandLine.Mixin;

/**
 * The options {@code analyze} and {@code capture} share, in one mixin: what to decode ({@link DecoderOptions}),
 * what to write ({@link OutputOptions}), how to diagnose ({@link DiagnosisOptions}) and the proxy's legs
 * ({@link LegOptions}).
 */
public final class PipelineOptions {

    @Mixin
    DecoderOptions decoder;

    @Mixin
    OutputOptions output;

    @Mixin
    DiagnosisOptions diagnosis;

    @Mixin
    LegOptions legs;

    /** The decoder's and the report's configuration; IllegalArgumentException (a usage error) on a bad value. */
    PipelineSetup setup() {
        return PipelineSetup.of(decoder, diagnosis, legs, output);
    }
}
