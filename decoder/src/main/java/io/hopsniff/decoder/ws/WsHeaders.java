package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.http1.HttpHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Header look-ups for the handshake: names compared case-insensitively, list fields split on commas. */
final class WsHeaders {

    private WsHeaders() {
    }

    /** How many fields carry {@code name}. */
    static int count(List<HttpHeader> headers, String name) {
        int n = 0;
        if (headers != null) {
            for (HttpHeader h : headers) {
                if (h != null && name.equalsIgnoreCase(h.name())) {
                    n++;
                }
            }
        }
        return n;
    }

    /** All values of {@code name} joined with ", " (RFC 9110 §5.3), or null when absent. */
    static String joined(List<HttpHeader> headers, String name) {
        String out = null;
        if (headers != null) {
            for (HttpHeader h : headers) {
                if (h != null && name.equalsIgnoreCase(h.name())) {
                    String v = h.value() == null ? "" : h.value().trim();
                    out = out == null ? v : out + ", " + v;
                }
            }
        }
        return out;
    }

    /** The comma-separated elements of every {@code name} field, trimmed, empty ones dropped, case kept. */
    static List<String> elements(List<HttpHeader> headers, String name) {
        List<String> out = new ArrayList<>();
        String all = joined(headers, name);
        if (all == null) {
            return out;
        }
        for (String part : all.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** True when a comma-separated element of {@code name} equals {@code token}, ignoring case. */
    static boolean hasToken(List<HttpHeader> headers, String name, String token) {
        for (String e : elements(headers, name)) {
            if (e.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
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
