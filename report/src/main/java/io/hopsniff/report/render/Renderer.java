package io.hopsniff.report.render;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a finished report in one output form. Each {@link OutputFormat} names one. */
@FunctionalInterface
public interface Renderer {

    void render(ReportFile report, OutputStream out) throws IOException;
}
