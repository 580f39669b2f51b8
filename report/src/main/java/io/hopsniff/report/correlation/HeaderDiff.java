package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.report.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header fields a proxy changed between the request it received and the one it sent. Names are compared
 * case-insensitively (RFC 9110 §5.1); occurrences of a name are paired by equal value first, then in order, so
 * duplicates are kept apart and an added duplicate shows as added. Pure. Used both ways: request headers front →
 * backend, and response headers backend → front.
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
        // Pair each backend occurrence with a front one: an equal value first (so a proxy that prepends a second
        // "Server" is seen adding one, not changing one), then what is left, in order; the rest is added/removed.
        Map<String, List<Integer>> frontByName = indexes(front);
        Map<String, List<Integer>> backendByName = indexes(backend);
        int[] partnerOfBackend = new int[backend.size()];
        boolean[] frontPaired = new boolean[front.size()];
        java.util.Arrays.fill(partnerOfBackend, -1);
        for (Map.Entry<String, List<Integer>> e : backendByName.entrySet()) {
            List<Integer> fronts = frontByName.getOrDefault(e.getKey(), List.of());
            for (int b : e.getValue()) {
                for (int f : fronts) {
                    if (!frontPaired[f] && front.get(f).value().equals(backend.get(b).value())) {
                        frontPaired[f] = true;
                        partnerOfBackend[b] = f;
                        break;
                    }
                }
            }
            for (int b : e.getValue()) {
                if (partnerOfBackend[b] >= 0) {
                    continue;
                }
                for (int f : fronts) {
                    if (!frontPaired[f]) {
                        frontPaired[f] = true;
                        partnerOfBackend[b] = f;
                        break;
                    }
                }
            }
        }
        List<List<String>> removed = new ArrayList<>();
        for (int f = 0; f < front.size(); f++) {
            if (!frontPaired[f]) {
                HttpHeader h = front.get(f);
                removed.add(List.of(h.name(), redactor.headerValue(h.name(), h.value())));
            }
        }
        List<List<String>> added = new ArrayList<>();
        List<List<String>> changed = new ArrayList<>();
        Set<List<String>> renamed = new LinkedHashSet<>();
        for (int b = 0; b < backend.size(); b++) {
            HttpHeader h = backend.get(b);
            if (partnerOfBackend[b] < 0) {
                added.add(List.of(h.name(), redactor.headerValue(h.name(), h.value())));
                continue;
            }
            HttpHeader f = front.get(partnerOfBackend[b]);
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

    private static Map<String, List<Integer>> indexes(List<HttpHeader> headers) {
        Map<String, List<Integer>> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            out.computeIfAbsent(key(headers.get(i).name()), k -> new ArrayList<>(1)).add(i);
        }
        return out;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
