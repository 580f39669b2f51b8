package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.report.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_WEBSOCKET_HOST_REJECTED: a well-formed handshake refused by the backend's Host check (reference §2.3 #10).
 * Starlette's TrustedHostMiddleware answers a Host outside its allowed_hosts with 400 "Invalid host header"; on a
 * stack without the WebSocket denial response (Debian 12: Starlette 0.26, uvicorn 0.17.6) it sends that answer to a
 * WebSocket, which uvicorn refuses with a bare 500. Plain requests through the same proxy work when only the
 * proxy's WebSocket route rewrites Host (Caddy {@code header_up Host {upstream_hostport}}, nginx's default
 * {@code $proxy_host}): the symptom of the dashboard incident. A 500 is any exception to uvicorn, so a bare one is
 * read as a Host refusal only with evidence: the proxy changed Host on this request (both legs captured), a plain
 * request with the same Host got the middleware's text, or the Host is the backend's own address while requests
 * naming another host were answered.
 */
final class HostRejectedRule implements Rule {

    /** Starlette's TrustedHostMiddleware's body (starlette/middleware/trustedhost.py). */
    static final String STARLETTE_TEXT = "Invalid host header";

    /** Index into the catalogue's causes: the allowed hosts miss the name (the first is the proxy's rewrite). */
    private static final int NOT_ALLOWED = 1;

    /**
     * What {@code x}'s refusal shows about its Host, read once for the decision and the verdict.
     *
     * @param host       the Host (or :authority) the backend got
     * @param starlette  the answer is Starlette's 400 "Invalid host header" itself
     * @param sameHost   a plain request with the same Host refused with that text, or null
     * @param answered   Hosts of plain requests answered below 400 that name another host (see answeredHosts)
     * @param clientHost the Host the client sent the proxy when its host differs from {@code host}, or null
     * @param ownAddress {@code host} names the backend's own address
     */
    private record Reading(String host, boolean starlette, PlainHosts.Refused sameHost, Map<String, Long> answered,
                           String clientHost, boolean ownAddress) {

        /** Requests that kept the client's Host were answered, or the proxy changed this one's: the routes differ. */
        boolean proxyRewrote() {
            return clientHost != null || !answered.isEmpty();
        }
    }

    /** How {@code x} reads as a Host refusal, or null when it does not. */
    private static Reading read(Facts facts, ExchangeFact x) {
        if (x.kind() != Handshakes.Kind.OTHER || H2WebSocketNotEnabledRule.applies(facts, x)) {
            return null;
        }
        HttpResponse r = x.exchange().response();
        String host = host(x.exchange().request());
        if (r == null || host == null || r.status() != 500 && r.status() != 400) {
            return null;
        }
        boolean starlette = starlettesRefusal(r);
        PlainHosts.Tally t = facts.plainHosts().get(x.server());
        PlainHosts.Refused sameHost = t == null ? null : t.refusedWithText(host);
        Map<String, Long> answered = answeredHosts(t, host);
        String clientHost = clientHost(facts, x, host);
        boolean ownAddress = hostname(host).equals(hostname(x.server()));
        // a bare 500 is any exception: only the same Host refused with the middleware's text, or plain requests
        // for another host answered while this Host is the proxy's rewrite or the backend's own address, tell
        if (!starlette && sameHost == null && (answered.isEmpty() || clientHost == null && !ownAddress)) {
            return null;
        }
        return new Reading(host, starlette, sameHost, answered, clientHost, ownAddress);
    }

    /** Starlette's TrustedHostMiddleware refusing a Host: 400 with its text. */
    static boolean starlettesRefusal(HttpResponse r) {
        String body = r.status() == 400 ? Handshakes.body(r) : null;
        return body != null && body.startsWith(STARLETTE_TEXT);
    }

    /** Whether the rule claims {@code x} (other refusal rules leave it). */
    static boolean applies(Facts facts, ExchangeFact x) {
        return read(facts, x) != null;
    }

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED;
        Finding f = new Finding(id);
        ExchangeFact first = f.each(facts, x -> applies(facts, x), x -> {
            ev.exchange(x, f.evidence(), List.of("Host", "X-Forwarded-Host", "Origin"), List.of("Server"));
            var front = facts.legs().front(x.id());
            if (front != null) {
                f.evidence().add("tx" + x.id() + " came from the client with Host: " + clientHost(front)
                        + " (its front-leg request, tx" + front.id() + ")");
            }
        });
        if (first == null) {
            return Optional.empty();
        }
        Reading k = read(facts, first);
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()) + f.more(),
                "why", why(k, first.exchange().response(), ev.redactor())),
                k.proxyRewrote() ? id.causes() : Finding.rank(id.causes(), NOT_ALLOWED), id.severity()));
    }

    /** The reading in words for the verdict, targets redacted as the report's are. */
    private static String why(Reading k, HttpResponse r, Redactor redactor) {
        String rewrite = k.clientHost() == null ? "" : " (the proxy's; the client sent Host " + k.clientHost() + ")";
        if (k.starlette()) {
            return "the backend answered 400 \"" + STARLETTE_TEXT + "\", the text of Starlette's TrustedHostMiddleware"
                    + " for a Host outside its allowed_hosts" + rewrite;
        }
        String body = Handshakes.body(r);
        StringBuilder b = new StringBuilder("the backend answered ").append(r.status())
                .append(body == null ? "" : " \"" + body + "\"").append(" to Host ").append(k.host()).append(rewrite);
        PlainHosts.Refused same = k.sameHost();
        if (same != null) {
            b.append("; tx").append(same.tx()).append(' ').append(same.method()).append(' ')
                    .append(redactor.target(same.target())).append(" with the same Host got 400 \"")
                    .append(STARLETTE_TEXT).append("\" (Starlette's TrustedHostMiddleware)");
        } else if (k.ownAddress() && k.clientHost() == null) {
            b.append(" (the backend's own address, as a proxy that sends its upstream's address writes it)");
        }
        if (!k.answered().isEmpty()) {
            List<String> others = new ArrayList<>();
            k.answered().forEach((h, n) -> others.add("Host " + h + ": " + n));
            b.append("; plain requests naming another host were answered below 400 (")
                    .append(String.join(", ", others.stream().limit(3).toList())).append(")");
        }
        if (r.status() == 500) {
            b.append("; uvicorn answers a WebSocket 500 when a middleware sends it an HTTP response, as"
                    + " TrustedHostMiddleware does on stacks without the WebSocket denial response");
        }
        return b.toString();
    }

    /** The Host the client sent the proxy when the front leg shows one for another host than {@code host}, else null. */
    private static String clientHost(Facts facts, ExchangeFact x, String host) {
        var front = facts.legs().front(x.id());
        String client = front == null ? null : clientHost(front);
        return client == null || hostname(client).equals(hostname(host)) ? null : client;
    }

    /**
     * Hosts (as sent) of plain requests to the server of tally {@code t} that were answered below 400 and name
     * another host than {@code host} (ports aside, as Host checks compare), with counts; empty when one with that
     * host was answered too, since then the host is not what the backend refuses.
     */
    private static Map<String, Long> answeredHosts(PlainHosts.Tally t, String host) {
        if (t == null) {
            return Map.of();
        }
        String name = hostname(host);
        Map<String, Long> out = new LinkedHashMap<>(t.answered());
        for (String h : out.keySet()) {
            if (hostname(h).equals(name)) {
                return Map.of();
            }
        }
        return out;
    }

    /** The request's Host, or its :authority on HTTP/2 (RFC 9113 §8.3.1); null when it names none (or no request). */
    static String host(HttpRequest r) {
        if (r == null) {
            return null;
        }
        String h = r.fields().first("Host");
        return h != null ? h.trim() : r.fields().first(":authority");
    }

    /** The Host the client sent the proxy (its :authority on HTTP/2), or null. */
    private static String clientHost(io.hopsniff.report.correlation.LegExchange front) {
        String h = front.header("Host");
        return h != null ? h.trim() : front.header(":authority");
    }

    /** The host without its port, lower case: "[::1]:80" -> "[::1]", "Dash.example:8443" -> "dash.example". */
    static String hostname(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
    }
}
