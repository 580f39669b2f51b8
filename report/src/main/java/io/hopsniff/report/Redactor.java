package io.hopsniff.report;

import io.hopsniff.decoder.http.HttpHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps credentials out of reports that get attached to tickets. Redacted values become
 * {@code <redacted:N bytes>} so a reader still sees that a credential was present and how long it was.
 */
public final class Redactor {

    /** Header fields whose whole value is a credential. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie", "set-cookie2",
            "x-api-key", "x-auth-token", "x-csrf-token", "x-xsrf-token", "x-amz-security-token");

    /** Query parameter names containing one of these (case-insensitive) carry secrets. */
    private static final List<String> SECRET_PARAMETER_WORDS = List.of(
            "token", "key", "secret", "password", "passwd", "pwd", "sig", "session", "auth", "credential");

    private final boolean enabled;

    public Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    public static Redactor on() {
        return new Redactor(true);
    }

    public boolean enabled() {
        return enabled;
    }

    public static String placeholder(String value) {
        return "<redacted:" + value.getBytes(StandardCharsets.UTF_8).length + " bytes>";
    }

    public List<HttpHeader> headers(List<HttpHeader> headers) {
        if (!enabled || headers.isEmpty()) {
            return headers;
        }
        List<HttpHeader> out = new ArrayList<>(headers.size());
        for (HttpHeader h : headers) {
            out.add(new HttpHeader(h.name(), headerValue(h.name(), h.value())));
        }
        return out;
    }

    public String headerValue(String name, String value) {
        if (!enabled) {
            return value;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (CREDENTIAL_HEADERS.contains(lower)) {
            return placeholder(value);
        }
        if (lower.equals("referer") || lower.equals("location") || lower.equals("content-location")) {
            return target(value);
        }
        return value;
    }

    /** Redacts secret-looking query parameters of a request target or URL; the path is kept. */
    public String target(String target) {
        if (!enabled || target == null) {
            return target;
        }
        int q = target.indexOf('?');
        if (q < 0) {
            return target;
        }
        int hash = target.indexOf('#', q);
        String query = hash < 0 ? target.substring(q + 1) : target.substring(q + 1, hash);
        StringBuilder out = new StringBuilder(target.length()).append(target, 0, q + 1);
        int start = 0;
        while (start <= query.length()) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? query.length() : amp;
            String pair = query.substring(start, end);
            int eq = pair.indexOf('=');
            if (eq > 0 && isSecretName(pair.substring(0, eq))) {
                out.append(pair, 0, eq + 1).append(placeholder(pair.substring(eq + 1)));
            } else {
                out.append(pair);
            }
            if (amp < 0) {
                break;
            }
            out.append('&');
            start = amp + 1;
        }
        if (hash >= 0) {
            out.append(target, hash, target.length());
        }
        return out.toString();
    }

    /** {@code "name": "value"} in JSON, whatever the spacing; group 1 is the name, group 2 the value. */
    private static final java.util.regex.Pattern JSON_PAIR =
            java.util.regex.Pattern.compile("\"([^\"\\\\]{1,64})\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** {@code name=value} in a form body or a query-like text. */
    private static final java.util.regex.Pattern FORM_PAIR =
            java.util.regex.Pattern.compile("(?<=^|[&;\\s?])([A-Za-z0-9_.\\-]{1,64})=([^&;\\s]*)");

    /**
     * Redacts secrets in kept body and WebSocket message text: values of JSON string members and form fields
     * whose names look secret (the same words as for query parameters).
     */
    public String text(String text) {
        if (!enabled || text == null || text.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        java.util.regex.Matcher m = JSON_PAIR.matcher(text);
        int last = 0;
        while (m.find()) {
            if (isSecretName(m.group(1))) {
                out.append(text, last, m.start(2)).append(placeholder(m.group(2)));
                last = m.end(2);
            }
        }
        out.append(text, last, text.length());
        String json = out.toString();
        out.setLength(0);
        m = FORM_PAIR.matcher(json);
        last = 0;
        while (m.find()) {
            if (isSecretName(m.group(1))) {
                out.append(json, last, m.start(2)).append(placeholder(m.group(2)));
                last = m.end(2);
            }
        }
        return out.append(json, last, json.length()).toString();
    }

    private static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_PARAMETER_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
