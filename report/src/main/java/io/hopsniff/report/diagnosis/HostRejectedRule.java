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

    /** Why {@code x} reads as a Host refusal, in words for the verdict (targets redacted), or null when it does not. */
    static String why(Facts facts, ExchangeFact x, Redactor redactor) {
        if (x.kind() != Handshakes.Kind.OTHER || H2WebSocketNotEnabledRule.applies(facts, x)) {
            return null;
        }
        HttpResponse r = x.exchange().response();
        String host = host(x);
        if (r == null || host == null) {
            return null;
        }
        String body = Handshakes.body(r);
        if (r.status() == 400 && body != null && body.startsWith(STARLETTE_TEXT)) {
            return "the backend answered 400 \"" + STARLETTE_TEXT + "\", the text of Starlette's TrustedHostMiddleware"
                    + " for a Host outside its allowed_hosts" + rewrite(facts, x, host);
        }
        if (r.status() != 500 && r.status() != 400) {
            return null;
        }
        String sameHostText = sameHostRefused(facts, x, host, redactor);
        Map<String, Long> answered = answeredHosts(facts, x);
        String rewrite = rewrite(facts, x, host);
        boolean ownAddress = hostname(host).equals(hostname(x.server()));
        // a bare 500 is any exception: only the same Host refused with the middleware's text, or plain requests
        // for another host answered while this Host is the proxy's rewrite or the backend's own address, tell
        if (sameHostText == null && (answered.isEmpty() || rewrite.isEmpty() && !ownAddress)) {
            return null;
        }
        StringBuilder b = new StringBuilder("the backend answered ").append(r.status())
                .append(body == null ? "" : " \"" + body + "\"").append(" to Host ").append(host).append(rewrite);
        if (sameHostText != null) {
            b.append("; ").append(sameHostText);
        } else if (ownAddress && rewrite.isEmpty()) {
            b.append(" (the backend's own address, as a proxy that sends its upstream's address writes it)");
        }
        if (!answered.isEmpty()) {
            List<String> others = new ArrayList<>();
            answered.forEach((h, n) -> others.add("Host " + h + ": " + n));
            b.append("; plain requests naming another host were answered below 400 (")
                    .append(String.join(", ", others.stream().limit(3).toList())).append(")");
        }
        if (r.status() == 500) {
            b.append("; uvicorn answers a WebSocket 500 when a middleware sends it an HTTP response, as"
                    + " TrustedHostMiddleware does on stacks without the WebSocket denial response");
        }
        return b.toString();
    }

    /** Whether the rule claims {@code x} (other refusal rules leave it). */
    static boolean applies(Facts facts, ExchangeFact x) {
        return why(facts, x, Redactor.on()) != null;
    }

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED;
        Finding f = new Finding(id);
        ExchangeFact first = f.each(facts, x -> applies(facts, x), x -> {
            ev.exchange(x, f.evidence(), List.of("Host", "X-Forwarded-Host", "Origin"), List.of("Server"));
            var pair = facts.legs().pair(x.id());
            if (pair != null && pair.front() != null) {
                f.evidence().add("tx" + x.id() + " came from the client with Host: " + clientHost(pair.front())
                        + " (its front-leg request, tx" + pair.front().id() + ")");
            }
        });
        if (first == null) {
            return Optional.empty();
        }
        // requests that kept the client's Host were answered, or the proxy changed this one's: the route differs
        boolean proxyRewrote = !rewrite(facts, first, host(first)).isEmpty() || !answeredHosts(facts, first).isEmpty();
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()) + f.more(),
                "why", why(facts, first, ev.redactor())), proxyRewrote ? id.causes() : Finding.rank(id.causes(), NOT_ALLOWED),
                id.severity()));
    }

    /** " (the proxy's; the client sent Host dash.example:443)" when the front leg shows another host, else "". */
    private static String rewrite(Facts facts, ExchangeFact x, String host) {
        var pair = facts.legs().pair(x.id());
        if (pair == null || pair.front() == null) {
            return "";
        }
        String client = clientHost(pair.front());
        return client == null || hostname(client).equals(hostname(host)) ? ""
                : " (the proxy's; the client sent Host " + client + ")";
    }

    /**
     * "tx2 GET /api/status with the same Host got 400 "Invalid host header" (...)", its target redacted as the
     * report's are, or null.
     */
    private static String sameHostRefused(Facts facts, ExchangeFact x, String host, Redactor redactor) {
        PlainHosts.Tally t = facts.plainHosts().get(x.server());
        PlainHosts.Refused first = t == null ? null : t.refusedWithText(host);
        return first == null ? null : "tx" + first.tx() + " " + first.method() + " " + redactor.target(first.target())
                + " with the same Host got 400 \"" + STARLETTE_TEXT + "\" (Starlette's TrustedHostMiddleware)";
    }

    /**
     * Hosts (as sent) of plain requests to {@code x}'s server that were answered below 400 and name another host
     * than {@code x} (ports aside, as Host checks compare), with counts; empty when one with {@code x}'s host was
     * answered too, since then the host is not what the backend refuses.
     */
    private static Map<String, Long> answeredHosts(Facts facts, ExchangeFact x) {
        PlainHosts.Tally t = facts.plainHosts().get(x.server());
        if (t == null) {
            return Map.of();
        }
        String name = hostname(host(x));
        Map<String, Long> out = new LinkedHashMap<>(t.answered());
        for (String h : out.keySet()) {
            if (hostname(h).equals(name)) {
                return Map.of();
            }
        }
        return out;
    }

    /** The request's Host, or its :authority on HTTP/2 (RFC 9113 §8.3.1); null when it names none. */
    static String host(ExchangeFact x) {
        HttpRequest r = x.exchange().request();
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
