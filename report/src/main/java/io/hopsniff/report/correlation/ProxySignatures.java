package io.hopsniff.report.correlation;

import java.util.List;
import java.util.Locale;

/**
 * What one response shows of a proxy, with no forwarded copy to pair it with: an answer the proxy relayed
 * ({@link #relayed}), or one it wrote itself as a gateway whose upstream failed ({@link #gatewayError}). Either puts
 * the answering server on the front leg ({@link LegInference}). One Server field alone proves nothing: a proxy can
 * be an origin server too.
 */
public final class ProxySignatures {

    /** Envoy's router: "the time in milliseconds spent by the upstream host processing the request" (its docs). */
    private static final String ENVOY_UPSTREAM_TIME = "x-envoy-upstream-service-time";

    private ProxySignatures() {
    }

    /**
     * What in a response shows it was relayed by a proxy, or null: a {@code Via} field (RFC 9110 §7.6.3), Envoy's
     * {@code x-envoy-upstream-service-time} (its router sets it on answers from upstream only, never on its own),
     * two {@code Server} fields (Caddy adds its own beside the backend's), nginx's name on an application's JSON
     * error to an upgrade request ({@link #relayedJson}), or an ASGI server's name under a field it would not
     * spell so ({@link #respelled}).
     */
    public static String relayed(LegExchange e) {
        String via = PackedHeaders.first(e.responseHeaders(), "Via");
        if (via != null) {
            return "Via: " + via.trim();
        }
        String envoy = PackedHeaders.first(e.responseHeaders(), ENVOY_UPSTREAM_TIME);
        if (envoy != null) {
            return ENVOY_UPSTREAM_TIME + ": " + envoy.trim() + " (Envoy's, on answers from upstream)";
        }
        List<String> servers = PackedHeaders.all(e.responseHeaders(), "Server");
        if (servers.size() >= 2) {
            return "two Server fields (" + String.join(", ", servers.stream().map(String::trim).toList()) + ")";
        }
        if (servers.size() != 1) {
            return null;
        }
        String server = servers.get(0).trim();
        String json = relayedJson(e, server);
        return json != null ? json : respelled(e, server);
    }

    /**
     * A proxy's own gateway error, or null: 502 or 504 (RFC 9110 §15.6.3, §15.6.5: answers of a server "acting as a
     * gateway or proxy") under the name of a server that gives them only as one — Caddy (an empty 502 when its
     * backend refuses, lab backend-down), nginx and OpenResty, Apache httpd, Envoy — and 503 from Apache httpd and
     * Envoy, which answer so when they cannot connect upstream; or HAProxy's own error page ({@link #haproxyPage}).
     * An application may answer 502/503/504 itself, so only these count.
     */
    public static String gatewayError(LegExchange e) {
        int status = e.status();
        if (status < 502 || status > 504) {
            return null;
        }
        List<String> servers = PackedHeaders.all(e.responseHeaders(), "Server");
        if (servers.isEmpty() && haproxyPage(e.responseHeaders())) {
            return status + " as HAProxy's own error page (content-length, cache-control: no-cache, content-type:"
                    + " text/html, and no Server or Date), a proxy's own answer when its upstream fails";
        }
        if (servers.size() != 1) {
            return null;
        }
        String server = servers.get(0).trim();
        String product = server.toLowerCase(Locale.ROOT);
        boolean proxy = product.startsWith("caddy") || product.startsWith("nginx") || product.startsWith("openresty")
                || product.startsWith("apache") || product.startsWith("envoy");
        boolean unavailable = product.startsWith("apache") || product.startsWith("envoy");
        if (!proxy || status == 503 && !unavailable) {
            return null;
        }
        return status + " under Server: " + server + ", a proxy's own answer when its upstream fails";
    }

    /**
     * HAProxy names itself nowhere, but its built-in 502, 503 and 504 pages ("The server returned an invalid or
     * incomplete response.", "No server is available to handle this request.", "The server didn't respond in
     * time.") carry exactly these three fields, in this order, as HAProxy 2.6 sends them (checked against a backend
     * that answered garbage, none, and too late); an application's error carries a Date at least.
     */
    private static boolean haproxyPage(List<io.hopsniff.decoder.http.HttpHeader> fields) {
        return fields.size() == 3 && fields.get(0).name().equalsIgnoreCase("Content-Length")
                && fields.get(1).name().equalsIgnoreCase("Cache-Control")
                && fields.get(1).value().trim().equalsIgnoreCase("no-cache")
                && fields.get(2).name().equalsIgnoreCase("Content-Type")
                && fields.get(2).value().trim().equalsIgnoreCase("text/html");
    }

    /**
     * uvicorn and Hypercorn write the fields they add themselves in lower case ({@code server: uvicorn}, {@code
     * date}), as ASGI spells every name: their name under a field spelled otherwise was written again between them
     * and the capture. Apache httpd's {@code ProxyPass} passes the backend's Server field on under its own spelling
     * ({@code Server: uvicorn}, lab apache-no-upgrade); Go's proxies (Traefik) canonicalise every name. Only these
     * servers: others (Twisted's Daphne) spell names as they like.
     */
    private static String respelled(LegExchange e, String server) {
        String product = server.toLowerCase(Locale.ROOT);
        String name = product.startsWith("uvicorn") ? "uvicorn" : product.startsWith("hypercorn") ? "Hypercorn" : null;
        String spelling = name == null ? null : PackedHeaders.spelling(e.responseHeaders(), "Server");
        if (spelling == null || spelling.equals("server")) {
            return null;
        }
        return "Server: " + server + " spelled '" + spelling + "', not " + name + "'s own 'server'";
    }

    /**
     * nginx writes its own error pages as HTML and puts its own Server field in place of the backend's: a JSON error
     * to an upgrade request under its name (FastAPI's 404 {"detail":"Not Found"} relayed by a bare proxy_pass) was an
     * application's answer it relayed. Only for upgrade requests: a web server serving a static JSON file is no proxy.
     * (Apache httpd passes the backend's Server field on: {@link #respelled} sees its relays of uvicorn.)
     */
    private static String relayedJson(LegExchange e, String server) {
        String product = server.toLowerCase(Locale.ROOT);
        String type = PackedHeaders.first(e.responseHeaders(), "Content-Type");
        boolean webServer = product.startsWith("nginx") || product.startsWith("openresty");
        if (!webServer || e.status() < 400 || !e.asksUpgrade() || type == null
                || !type.trim().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return null;
        }
        return "Server: " + server + " and a JSON " + e.status() + " (its own error pages are HTML)";
    }
}
