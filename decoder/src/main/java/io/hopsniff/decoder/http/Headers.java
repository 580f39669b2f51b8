package io.hopsniff.decoder.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The header (or trailer) fields of one message, in wire order with names as sent, and the look-ups every layer
 * needs. Names compare case-insensitively (RFC 9110 §5.1); a field sent on several lines is one comma-separated
 * list (§5.3). The one place such look-ups are written: decoders, diagnosis and correlation all use it.
 */
public record Headers(List<HttpHeader> list) implements Iterable<HttpHeader> {

    private static final Headers NONE = new Headers(List.of());

    public Headers {
        list = list == null ? List.of() : list;
    }

    public static Headers of(List<HttpHeader> list) {
        return list == null || list.isEmpty() ? NONE : new Headers(list);
    }

    /** The value of the first field named {@code name}, as sent, or null. */
    public String first(String name) {
        for (int i = 0, n = list.size(); i < n; i++) {
            HttpHeader h = list.get(i);
            if (h != null && h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The values of every field named {@code name}, as sent, in wire order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0, n = list.size(); i < n; i++) {
            HttpHeader h = list.get(i);
            if (h != null && h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }

    public boolean has(String name) {
        return first(name) != null;
    }

    /** How many fields are named {@code name}. */
    public int count(String name) {
        int count = 0;
        for (int i = 0, n = list.size(); i < n; i++) {
            HttpHeader h = list.get(i);
            if (h != null && h.name().equalsIgnoreCase(name)) {
                count++;
            }
        }
        return count;
    }

    /** Every value of {@code name}, trimmed, joined with ", " (RFC 9110 §5.3), or null when absent. */
    public String joined(String name) {
        String out = null;
        for (int i = 0, n = list.size(); i < n; i++) {
            HttpHeader h = list.get(i);
            if (h != null && h.name().equalsIgnoreCase(name)) {
                String v = h.value() == null ? "" : ows(h.value());
                out = out == null ? v : out + ", " + v;
            }
        }
        return out;
    }

    /** The comma-separated elements of every {@code name} field, trimmed, empty ones dropped, case kept. */
    public List<String> elements(String name) {
        List<String> out = new ArrayList<>();
        String all = joined(name);
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

    /** The first element of {@code name} (the first protocol an {@code Upgrade} offers), or null. */
    public String firstElement(String name) {
        List<String> e = elements(name);
        return e.isEmpty() ? null : e.get(0);
    }

    /** Whether any element of any {@code name} field equals {@code token}, ignoring case (Connection: upgrade). */
    public boolean hasToken(String name, String token) {
        // What elements(name) would list, compared in place: asked of every message's Connection field, and the
        // launcher's JIT (C1) allocates each list, string and iterator that building the elements takes.
        for (int i = 0, n = list.size(); i < n; i++) {
            HttpHeader h = list.get(i);
            if (h != null && h.value() != null && h.name().equalsIgnoreCase(name) && hasElement(h.value(), token)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a comma-separated element of {@code value}, trimmed as {@link String#trim} trims, is {@code token}. */
    private static boolean hasElement(String value, String token) {
        int from = 0;
        while (from <= value.length()) {
            int comma = value.indexOf(',', from);
            int end = comma < 0 ? value.length() : comma;
            int a = from;
            int b = end;
            while (a < b && value.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && value.charAt(b - 1) <= ' ') {
                b--;
            }
            if (b - a == token.length() && b > a && value.regionMatches(true, a, token, 0, b - a)) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    /** Without leading and trailing SP / HTAB (RFC 9110 §5.6.3 OWS); other characters are kept. */
    private static String ows(String v) {
        int a = 0;
        int b = v.length();
        while (a < b && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (v.charAt(b - 1) == ' ' || v.charAt(b - 1) == '\t')) {
            b--;
        }
        return v.substring(a, b);
    }

    @Override
    public Iterator<HttpHeader> iterator() {
        return list.iterator();
    }
}
