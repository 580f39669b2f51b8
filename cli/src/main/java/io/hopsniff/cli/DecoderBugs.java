package io.hopsniff.cli;

import io.hopsniff.decoder.session.Analyzer;
import java.io.PrintWriter;

/**
 * After a run: a decoder that threw (a bug) stopped its connection's analysis and left TCP_CONSUMER_FAILED in the
 * report; say so once on stderr and exit with the documented code for a bug, after the report was written.
 */
final class DecoderBugs {

    private DecoderBugs() {
    }

    /** The exit code to return: {@code written} unless a decoder failed. */
    static int check(Analyzer analyzer, int written, PrintWriter err) {
        long failed = analyzer.stats().consumerErrors();
        if (failed == 0) {
            return written;
        }
        err.println("hopsniff: internal error: the decoder failed on " + failed + " connection(s) and stopped analysing"
                + " them (TCP_CONSUMER_FAILED in the report; a bug: please report it; --debug stops at the first one"
                + " with its stack trace)");
        return written == ExitCodes.OK ? ExitCodes.INTERNAL_ERROR : written;
    }
}
