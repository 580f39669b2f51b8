package io.hopsniff.report;

import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a credential looks like inside text, whatever the name around it: the patterns {@link Redactor} applies to
 * values and quoted bytes. Each replaces one capturing group (the secret) and keeps the rest, so a reader still
 * sees where a credential was. A value cut short by a limit still matches: no pattern needs a closing delimiter.
 */
final class CredentialPatterns {

    /** Space as it appears raw or in an anomaly's escaped quote. */
    private static final String SP = "(?:[ \\t]|\\\\x20|\\\\x09)+";

    /** A JSON Web Token or a prefix of one ({@code eyJ} is base64url for {@code {"}). */
    static final Pattern JWT = Pattern.compile("(eyJ[A-Za-z0-9_\\-]{3,}(?:\\.[A-Za-z0-9_\\-]*){0,2})");
    /** An Authorization-style scheme and its credentials. */
    static final Pattern AUTH_SCHEME = Pattern.compile(
            "(?i)\\b(Bearer|Basic|Digest|Token|Negotiate|NTLM|ApiKey|AWS4-HMAC-SHA256)" + SP + "([^\\s,;\"']{3,})");
    /** The userinfo of a URL: {@code scheme://user:password@host}. */
    static final Pattern USERINFO = Pattern.compile("(?i)\\b[a-z][a-z0-9+.\\-]*://([^/@\\s?#]+)@");
    /** A parameter in a query, a form or a path's matrix parameters: {@code name=value}. */
    static final Pattern PAIR = Pattern.compile("(?<=^|[?&;\\s,])([A-Za-z0-9_.\\-\\[\\]%+]{1,80})=([^&;\\s,\"'#]*)");
    /** The same, only where a URL or form puts it (after ? & ;), for texts whose own keys use {@code name=}. */
    static final Pattern URL_PAIR = Pattern.compile("(?<=[?&;])([A-Za-z0-9_.\\-\\[\\]%+]{1,80})=([^&;\\s,\"'#]*)");
    /** A JSON member with a string value, closed or cut short. */
    static final Pattern JSON_STRING = Pattern.compile("\"([^\"\\\\]{1,80})\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)");
    /** A JSON member with a number, literal or other bare value. */
    static final Pattern JSON_BARE = Pattern.compile("\"([^\"\\\\]{1,80})\"\\s*:\\s*([^\\s\"{\\[,}\\]][^,}\\]\\s]*)");
    /** A header-like line ({@code passcode:hunter2} in a STOMP frame, a header quoted in a body or a detail). */
    static final Pattern FIELD_LINE = Pattern.compile("(?m)(?<=^|[\\s=])([A-Za-z0-9_\\-]{1,64}):(?:" + SP + ")?"
            + "([^\\r\\n]*)");
    /** A multipart/form-data part named like a secret: its value is the first line after the blank line. */
    static final Pattern MULTIPART = Pattern.compile("(?i)name=\"([^\"]{1,80})\"[^\\r\\n]*(?:\\r?\\n[^\\r\\n]+)*"
            + "\\r?\\n\\r?\\n([^\\r\\n]*)");
    /** A long token mixing upper case, lower case and digits: an API key, a session id, a signature. */
    static final Pattern HIGH_ENTROPY = Pattern.compile(
            "(?<![A-Za-z0-9_\\-+/=.~])([A-Za-z0-9_+/=.~][A-Za-z0-9_\\-+/=.~]{23,})"); // not a --boundary

    /**
     * A literal that every match of a pattern contains: a text without it cannot match, and no matcher is made.
     * Most request targets and header values contain none of them, and the regular expressions were a third of
     * the time the report's writer thread spent turning an exchange into its record.
     */
    private static final Map<Pattern, String> NEEDLES = Map.of(JWT, "eyJ", USERINFO, "@", PAIR, "=", URL_PAIR, "=",
            JSON_STRING, "\"", JSON_BARE, "\"", FIELD_LINE, ":", MULTIPART, "=");

    private CredentialPatterns() {
    }

    /** Replaces group {@code group} of every match the test accepts with the placeholder of its text. */
    static String replace(String text, Pattern p, int group, Predicate<Matcher> secret) {
        return replace(text, p, group, secret, Redactor::placeholder);
    }

    /** As above, with the given placeholder (URLs get a URL-safe one). */
    static String replace(String text, Pattern p, int group, Predicate<Matcher> secret,
                          java.util.function.UnaryOperator<String> placeholder) {
        String needle = NEEDLES.get(p);
        if (needle != null && !text.contains(needle)) {
            return text;
        }
        Matcher m = p.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (m.group(group) == null || Redactor.isPlaceholder(m.group(group))
                    || !secret.test(m)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start(group)).append(placeholder.apply(m.group(group)));
            last = m.end(group);
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /** Every match of a pattern whose only group is the secret. */
    static String replaceAll(String text, Pattern p) {
        return replace(text, p, 1, m -> true);
    }

    /**
     * A JSON member's bare value that can carry a secret: not {@code true}, {@code false} or {@code null}, and not
     * a number too short to be a PIN or a one-time code.
     */
    static boolean secretBareValue(String v) {
        if (v.equals("true") || v.equals("false") || v.equals("null")) {
            return false;
        }
        return !(v.length() < 4 && v.chars().allMatch(Character::isDigit));
    }

    /** A query value that is a random token once decoded (not a phrase, a payload or a path). */
    static boolean tokenLike(String encoded) {
        if (encoded.length() < 24) {
            return false;
        }
        String v;
        try {
            v = java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            v = encoded;
        }
        return v.length() >= 20 && mixed(v) && v.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_.~+/=".indexOf(c) >= 0);
    }

    /**
     * An {@link #AUTH_SCHEME} match that is hopsniff's own prose, not a credential: the scheme written in lower case
     * and followed by a lower-case word ("no upgrade token in Connection", "the token websocket"). A credential is
     * never such a word; one under a field name is redacted by that name anyway.
     */
    static boolean prose(Matcher m) {
        String scheme = m.group(1);
        String value = m.group(2);
        return scheme.equals(scheme.toLowerCase(java.util.Locale.ROOT))
                && value.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '-');
    }

    /** Upper case, lower case and digits all present: random, not a word or a number. */
    static boolean mixed(String s) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }
}
