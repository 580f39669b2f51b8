package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.ws.WebSocketHandshake;
import java.util.List;
import io.hopsniff.decoder.http.HttpRequest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DIAG_WEBSOCKET_ROUTE_REJECTED: a well-formed handshake got an empty 403, uvicorn's answer both to an unmatched
 * WebSocket path and to an app that closes before accept (reference §2.3 #2, #6): both are named, and the path is
 * compared with paths that did upgrade and with the {@code --route} templates.
 */
final class RouteRejectedRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED);
        Set<String> upgradedPaths = new LinkedHashSet<>();
        for (ExchangeFact x : facts.judged()) {
            Handshakes.Kind k = x.kind();
            if (k == Handshakes.Kind.UPGRADED || k == Handshakes.Kind.UPGRADED_BAD) {
                upgradedPaths.add(Handshakes.path(x.exchange().request().target()));
            }
        }
        ExchangeFact first = f.each(facts, Finding.kind(Handshakes.Kind.FORBIDDEN_EMPTY)
                .and(x -> !H2WebSocketNotEnabledRule.applies(facts, x)), x -> {
            // on HTTP/2 the host is :authority (RFC 9113 §8.3.1), which the Origin check compares instead of Host
            String host = WebSocketHandshake.overHttp2(x.exchange().request()) ? ":authority" : "Host";
            ev.exchange(x, f.evidence(), List.of(host, "Origin", "X-Forwarded-Host"), List.of("Server"));
        });
        if (first == null) {
            return Optional.empty();
        }
        HttpRequest r = first.exchange().request();
        String path = Handshakes.path(r.target());
        StringBuilder paths = new StringBuilder();
        boolean routeMatches = false;
        boolean routeKnown = !facts.routes().isEmpty();
        if (routeKnown) {
            String matched = null;
            for (RouteTemplate t : facts.routes()) {
                if (t.matches(r.target())) {
                    matched = t.template();
                }
            }
            routeMatches = matched != null;
            paths.append(matched != null ? "; the path matches the route " + matched + ", so a refusal by the app is likelier"
                    : "; the path matches none of the routes given (" + String.join(", ",
                    facts.routes().stream().map(RouteTemplate::template).toList()) + "), so the path is likelier wrong");
        }
        upgradedPaths.remove(path);
        if (!upgradedPaths.isEmpty()) {
            paths.append("; ").append(String.join(", ", upgradedPaths.stream().limit(3).map(ev::target).toList()))
                    .append(" did upgrade in this capture");
        }
        // with the front leg: a prefix the proxy stripped or added (Caddy's handle_path, uri strip_prefix)
        var front = facts.legs().front(first.id());
        String asked = front == null ? path : Handshakes.path(front.target());
        boolean pathChanged = !asked.equals(path);
        if (pathChanged) {
            String change = asked.endsWith(path) ? "stripped the prefix " + asked.substring(0, asked.length() - path.length())
                    : path.endsWith(asked) ? "added the prefix " + path.substring(0, path.length() - asked.length())
                    : "changed the path";
            paths.append("; the proxy ").append(change).append(": the client asked for ")
                    .append(ev.target(front.target()));
        }
        String originClash = originClash(r);
        if (originClash != null) {
            paths.append("; ").append(originClash);
        }
        boolean appFirst = routeKnown ? routeMatches : originClash != null && !pathChanged;
        var causes = appFirst ? Finding.rank(DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED.causes(), 1)
                : DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED.causes();
        return Optional.of(f.build(Map.of("request", ev.request(r) + f.more(), "paths", paths.toString()), causes,
                DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED.severity()));
    }

    /** "Origin http://a differs from Host b": the usual trigger of Origin checks (reference §2.3 #6). */
    static String originClash(HttpRequest r) {
        String origin = r.fields().first("Origin");
        if (origin == null) {
            return null;
        }
        int scheme = origin.indexOf("://");
        String originHost = scheme < 0 ? origin : origin.substring(scheme + 3);
        String host = r.fields().first("Host");
        // HTTP/2 names the target's host in :authority, which a request need not repeat in Host (RFC 9113 §8.3.1)
        String hostField = host == null && r.fields().first(":authority") != null ? ":authority" : "Host";
        host = host == null ? r.fields().first(":authority") : host;
        String forwarded = r.fields().first("X-Forwarded-Host");
        if (originHost.equalsIgnoreCase(host) || originHost.equalsIgnoreCase(forwarded)) {
            return null;
        }
        return "Origin " + origin + " differs from " + hostField + " " + host
                + (forwarded == null ? "" : " and X-Forwarded-Host " + forwarded) + ", which an Origin check refuses";
    }
}
