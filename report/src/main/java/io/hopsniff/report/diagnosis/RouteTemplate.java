package io.hopsniff.report.diagnosis;

import java.util.regex.Pattern;

/**
 * A WebSocket route of the backend app as given with {@code --route}, in Starlette/FastAPI path syntax:
 * {@code /ws/{session_id}} ({@code {name}} matches one segment, {@code {name:path}} the rest of the path).
 */
public record RouteTemplate(String template, Pattern pattern) {

    public static RouteTemplate parse(String template) {
        String t = template.trim();
        if (!t.startsWith("/")) {
            throw new IllegalArgumentException("a route must start with '/': " + template);
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < t.length()) {
            int open = t.indexOf('{', i);
            if (open < 0) {
                re.append(Pattern.quote(t.substring(i)));
                break;
            }
            int close = t.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '{' in route: " + template);
            }
            if (open > i) {
                re.append(Pattern.quote(t.substring(i, open)));
            }
            re.append(t.substring(open, close).endsWith(":path") ? ".*" : "[^/]+");
            i = close + 1;
        }
        return new RouteTemplate(t, Pattern.compile(re.toString()));
    }

    /** Whether a request target's path (query and fragment ignored) matches. */
    public boolean matches(String target) {
        return pattern.matcher(Handshakes.path(target)).matches();
    }
}
