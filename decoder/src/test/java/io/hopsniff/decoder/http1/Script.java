package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.tcp.Direction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's events in capture order (both directions interleaved as on the wire). Text is ISO-8859-1;
 * every CRLF in it is written with the script's line ending, so one script serves CRLF and bare-LF runs.
 * Each step has its own timestamp ((index + 1) * 1000), so splitting a step never changes timestamps.
 */
final class Script {

    enum Kind { DATA, GAP, FIN }

    record Step(Kind kind, Direction d, byte[] bytes, long gap) {
    }

    final String eol;
    final List<Step> steps = new ArrayList<>();

    Script(String eol) {
        this.eol = eol;
    }

    static Script crlf() {
        return new Script("\r\n");
    }

    /** Client bytes. */
    Script c(String text) {
        return data(Direction.CLIENT_TO_SERVER, text);
    }

    /** Server bytes. */
    Script s(String text) {
        return data(Direction.SERVER_TO_CLIENT, text);
    }

    Script data(Direction d, String text) {
        steps.add(new Step(Kind.DATA, d, eol(text).getBytes(StandardCharsets.ISO_8859_1), 0));
        return this;
    }

    Script raw(Direction d, byte[] bytes) {
        steps.add(new Step(Kind.DATA, d, bytes.clone(), 0));
        return this;
    }

    Script gap(Direction d, long n) {
        steps.add(new Step(Kind.GAP, d, null, n));
        return this;
    }

    Script fin(Direction d) {
        steps.add(new Step(Kind.FIN, d, null, 0));
        return this;
    }

    /** The text as it goes on the wire in this script's line ending. */
    String eol(String text) {
        return text.replace("\r\n", eol);
    }

    int length(String text) {
        return eol(text).length();
    }

    static long ts(int stepIndex) {
        return (stepIndex + 1) * 1000L;
    }

    /** Timestamp given to end(). */
    long endTs() {
        return ts(steps.size());
    }
}
