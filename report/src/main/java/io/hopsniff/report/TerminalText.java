package io.hopsniff.report;

import java.util.regex.Pattern;

/**
 * Wire text made safe for a terminal line: a target, a verdict or a header value quoted from a capture may hold
 * control characters (an escape sequence, a carriage return) that would move the cursor or rewrite what the operator
 * reads. The summaries, the leg inference's evidence and the live lines all print them through here.
 */
public final class TerminalText {

    /** Compiled once: {@code String.replaceAll} compiles its pattern on every call, and summaries print many lines. */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private TerminalText() {
    }

    /** {@code s} with each control character (C0 and DEL) as {@code ?}. */
    public static String printable(String s) {
        return CONTROL.matcher(s).replaceAll("?");
    }

    /** {@link #printable} and at most {@code width} characters, the last one {@code …} when it was cut. */
    public static String clip(String s, int width) {
        String t = printable(s);
        return t.length() <= width ? t : t.substring(0, width - 1) + "…";
    }
}
