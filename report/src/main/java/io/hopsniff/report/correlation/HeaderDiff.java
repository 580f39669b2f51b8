package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http1.HttpHeader;
import io.hopsniff.report.Redactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header fields a proxy changed between the request it received and the one it sent. Names are compared
 * case-insensitively (RFC 9110 §5.1); the n-th occurrence of a name on one side is paired with the n-th on the
 * other, so duplicates are kept apart. Pure.
 */
public final class HeaderDiff {

    private HeaderDiff() {
    }

    /**
     * @return {@code removed} in the front request's wire order, {@code added}, {@code changed} ([name, front
     *         value, backend value]) and {@code renamed} ([front name, backend name] when only the name's case
     *         differs, e.g. Go's {@code Sec-Websocket-Key} for {@code Sec-WebSocket-Key}) in the backend's wire
     *         order; values redacted like the rest of the report
     */
    public static HeaderDiffJson diff(List<HttpHeader> front, List<HttpHeader> backend, Redactor redactor) {
        Map<String, List<HttpHeader>> frontByName = group(front);
        Map<String, List<HttpHeader>> backendByName = group(backend);
        List<List<String>> removed = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (HttpHeader h : front) {
            String key = key(h.name());
            int n = seen.merge(key, 1, Integer::sum) - 1;
            if (n >= backendByName.getOrDefault(key, List.of()).size()) {
                removed.add(List.of(h.name(), redactor.headerValue(h.name(), h.value())));
            }
        }
        List<List<String>> added = new ArrayList<>();
        List<List<String>> changed = new ArrayList<>();
        Set<List<String>> renamed = new LinkedHashSet<>();
        seen.clear();
        for (HttpHeader h : backend) {
            String key = key(h.name());
            int n = seen.merge(key, 1, Integer::sum) - 1;
            List<HttpHeader> others = frontByName.getOrDefault(key, List.of());
            if (n >= others.size()) {
                added.add(List.of(h.name(), redactor.headerValue(h.name(), h.value())));
                continue;
            }
            HttpHeader f = others.get(n);
            if (!f.name().equals(h.name())) {
                renamed.add(List.of(f.name(), h.name()));
            }
            if (!f.value().equals(h.value())) {
                changed.add(List.of(h.name(), redactor.headerValue(f.name(), f.value()),
                        redactor.headerValue(h.name(), h.value())));
            }
        }
        return new HeaderDiffJson(added, removed, changed, List.copyOf(renamed));
    }

    private static Map<String, List<HttpHeader>> group(List<HttpHeader> headers) {
        Map<String, List<HttpHeader>> out = new HashMap<>();
        for (HttpHeader h : headers) {
            out.computeIfAbsent(key(h.name()), k -> new ArrayList<>(1)).add(h);
        }
        return out;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
