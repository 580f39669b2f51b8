package io.hopsniff.decoder.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Sec-WebSocket-Extensions elements (field look-ups are {@code decoder.http.Headers}). */
final class WsHeaders {

    private WsHeaders() {
    }

    /**
     * The extension elements of Sec-WebSocket-Extensions (RFC 6455 §9.1). Splitting on commas is right because
     * extension parameters are tokens or quoted tokens, which hold no commas.
     */
    static List<String> extensionNames(List<String> extensions) {
        List<String> names = new ArrayList<>(extensions.size());
        for (String e : extensions) {
            int semi = e.indexOf(';');
            names.add((semi < 0 ? e : e.substring(0, semi)).trim().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    /** True when the extension element {@code e} carries the parameter {@code param} (name compared). */
    static boolean hasParam(String e, String param) {
        String[] parts = e.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String pname = (eq < 0 ? p : p.substring(0, eq)).trim();
            if (pname.equalsIgnoreCase(param)) {
                return true;
            }
        }
        return false;
    }
}
