package io.hopsniff.report;

import io.hopsniff.decoder.http.HttpHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps credentials out of everything hopsniff writes (reports in every format, the terminal, the live stream,
 * anomaly details, diagnoses), and fails closed: header values are shown only for fields known to be harmless
 * ({@link SecretNames}); a field, parameter or member named like a credential is redacted whole; anything that
 * looks like one elsewhere (a JWT, an Authorization scheme's credentials, a URL's userinfo, a long random token)
 * is redacted where it stands. A redacted value becomes {@code <redacted:N bytes>} ({@code REDACTED-NB} inside a
 * request target or URL, so the URL stays a valid URI for HAR viewers), so a reader still sees that a
 * credential was there and how long it was. docs/redaction.md states the policy.
 */
public final class Redactor {

    private static final String PREFIX = "<redacted:";
    private static final String URL_PREFIX = "REDACTED-";

    /** What a header's name alone says about its value. */
    private enum Verdict { HIDE, SHOW, TARGET, LOOK }

    /** Header names judged: at most this many are remembered, so hostile names cannot grow the map. */
    private static final int MAX_VERDICTS = 1024;

    private final boolean enabled;
    /** Header names shown as they are ({@code --show-header}), lower case. */
    private final Set<String> shown;
    /** Header names always redacted ({@code --redact-header}), lower case. */
    private final Set<String> hidden;
    /** Header names seen so far, as written on the wire, and their verdicts (several threads redact). */
    private final ConcurrentHashMap<String, Verdict> verdicts = new ConcurrentHashMap<>();

    public Redactor(boolean enabled) {
        this(enabled, Set.of(), Set.of());
    }

    public Redactor(boolean enabled, Collection<String> showHeaders, Collection<String> redactHeaders) {
        this.enabled = enabled;
        this.shown = lower(showHeaders);
        this.hidden = lower(redactHeaders);
    }

    public static Redactor on() {
        return new Redactor(true);
    }

    public boolean enabled() {
        return enabled;
    }

    public static String placeholder(String value) {
        return PREFIX + value.getBytes(StandardCharsets.UTF_8).length + " bytes>";
    }

    /** The URL-safe form used inside request targets and URLs, e.g. {@code REDACTED-6B}: a HAR's URLs stay valid URIs. */
    public static String urlPlaceholder(String value) {
        return URL_PREFIX + value.getBytes(StandardCharsets.UTF_8).length + "B";
    }

    public static boolean isPlaceholder(String s) {
        return s.startsWith(PREFIX) || s.startsWith(URL_PREFIX) && s.matches("REDACTED-[0-9]+B");
    }

    public List<HttpHeader> headers(List<HttpHeader> headers) {
        if (!enabled || headers.isEmpty()) {
            return headers;
        }
        // Most heads hold nothing to redact: they are returned as they are, and copied from the first change on.
        List<HttpHeader> out = null;
        for (int i = 0; i < headers.size(); i++) {
            HttpHeader h = headers.get(i);
            String value = headerValue(h.name(), h.value());
            if (out == null && value != h.value()) { // the same instance when nothing was redacted
                out = new ArrayList<>(headers.size());
                out.addAll(headers.subList(0, i));
            }
            if (out != null) {
                out.add(value == h.value() ? h : new HttpHeader(h.name(), value));
            }
        }
        return out == null ? headers : out;
    }

    public String headerValue(String name, String value) {
        if (!enabled || value == null) {
            return value;
        }
        return switch (verdict(name)) {
            case HIDE -> placeholder(value);
            case SHOW -> value;
            case TARGET -> target(value);
            case LOOK -> looksLikeSecrets(value);
        };
    }

    /**
     * The same few names come with every message: judged once each (lower-casing and three set lookups a header
     * were a quarter of the report's exchange writer's time on the 1 GiB benchmark).
     */
    private Verdict verdict(String name) {
        Verdict v = verdicts.get(name);
        if (v == null) {
            v = judge(name);
            if (verdicts.size() < MAX_VERDICTS) {
                verdicts.put(name, v);
            }
        }
        return v;
    }

    private Verdict judge(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (hidden.contains(lower)) {
            return Verdict.HIDE;
        }
        if (shown.contains(lower) || SecretNames.harmlessHeader(lower)) {
            return Verdict.SHOW;
        }
        return switch (lower) {
            case ":path", "referer", "location", "content-location", "origin", ":authority", "link" -> Verdict.TARGET;
            default -> SecretNames.secret(name) ? Verdict.HIDE : Verdict.LOOK;
        };
    }

    /**
     * A request target or URL: its userinfo, the values of query, form and matrix parameters named like
     * credentials (in any encoding) and anything that looks like a credential in a query value are redacted;
     * the path is kept.
     */
    public String target(String target) {
        if (!enabled || target == null) {
            return target;
        }
        String t = CredentialPatterns.replace(target, CredentialPatterns.USERINFO, 1, m -> true, Redactor::urlPlaceholder);
        t = CredentialPatterns.replace(t, CredentialPatterns.URL_PAIR, 2,
                m -> SecretNames.secret(m.group(1)) || CredentialPatterns.tokenLike(m.group(2)), Redactor::urlPlaceholder);
        return CredentialPatterns.replace(t, CredentialPatterns.JWT, 1, m -> true, Redactor::urlPlaceholder);
    }

    /**
     * Text off the wire kept in a report: bodies, WebSocket messages, close reasons. Members, fields, lines and
     * parts named like credentials, and credential-looking values anywhere, are redacted.
     */
    public String text(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        String t = namedSecrets(text, CredentialPatterns.PAIR);
        t = CredentialPatterns.replace(t, CredentialPatterns.MULTIPART, 2, m -> SecretNames.secret(m.group(1)));
        return looksLikeSecrets(t);
    }

    /**
     * hopsniff's own texts that quote the wire (anomaly details, diagnosis verdicts, evidence and stories,
     * leg evidence): the last pass before they leave the process. Like {@link #text}, but their own
     * {@code key=value} pairs are not taken for form fields, and handshake nonces stay readable.
     */
    public String quoted(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        String t = namedSecrets(text, CredentialPatterns.URL_PAIR);
        t = CredentialPatterns.replace(t, CredentialPatterns.AUTH_SCHEME, 2, m -> !CredentialPatterns.prose(m));
        t = CredentialPatterns.replaceAll(t, CredentialPatterns.USERINFO);
        return CredentialPatterns.replaceAll(t, CredentialPatterns.JWT);
    }

    private static String namedSecrets(String text, java.util.regex.Pattern pairs) {
        String t = CredentialPatterns.replace(text, CredentialPatterns.JSON_STRING, 2, m -> SecretNames.secret(m.group(1)));
        t = CredentialPatterns.replace(t, CredentialPatterns.JSON_BARE, 2,
                m -> SecretNames.secret(m.group(1)) && CredentialPatterns.secretBareValue(m.group(2)));
        t = CredentialPatterns.replace(t, CredentialPatterns.FIELD_LINE, 2,
                m -> SecretNames.secret(m.group(1)) && !SecretNames.harmlessHeader(m.group(1).toLowerCase(Locale.ROOT)));
        return CredentialPatterns.replace(t, pairs, 2, m -> SecretNames.secret(m.group(1)));
    }

    /** Credentials recognised by their look alone. */
    private static String looksLikeSecrets(String value) {
        String t = CredentialPatterns.replace(value, CredentialPatterns.AUTH_SCHEME, 2, m -> true);
        t = CredentialPatterns.replaceAll(t, CredentialPatterns.USERINFO);
        t = CredentialPatterns.replace(t, CredentialPatterns.URL_PAIR, 2, m -> SecretNames.secret(m.group(1)));
        t = CredentialPatterns.replaceAll(t, CredentialPatterns.JWT);
        return CredentialPatterns.replace(t, CredentialPatterns.HIGH_ENTROPY, 1, m -> CredentialPatterns.mixed(m.group(1)));
    }

    private static Set<String> lower(Collection<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
