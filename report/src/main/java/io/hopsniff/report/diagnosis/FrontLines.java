package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.Headers;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.report.correlation.LegExchange;
import java.util.List;

/** Quotes a front-leg exchange that correlation kept (request head, status, response headers) for evidence. */
final class FrontLines {

    private FrontLines() {
    }

    /** {@code tx5 c3 > GET /ws/x (to the proxy 127.0.0.1:8080)}. */
    static String request(LegExchange f, Evidence ev) {
        return "tx" + f.id() + " c" + f.connection() + " > " + f.method() + " " + ev.target(f.target())
                + (f.server() == null ? "" : " (to the proxy " + f.server() + ")");
    }

    /** {@code tx5 < 502 (Server: Caddy)}, or the full status with body when the diagnosis kept the exchange. */
    static String response(LegExchange f, Facts facts, Evidence ev) {
        String servers = servers(f);
        return "tx" + f.id() + " < " + status(f, facts, ev) + (servers == null ? "" : " (Server: " + servers + ")");
    }

    /** The status with its first body bytes when the diagnosis kept the exchange, else the bare code. */
    static String status(LegExchange e, Facts facts, Evidence ev) {
        if (!e.answered()) {
            return "no response";
        }
        ExchangeFact kept = facts.exchange(e.id());
        HttpResponse r = kept == null ? null : kept.exchange().response();
        return r != null ? ev.status(r) : Integer.toString(e.status());
    }

    /** The response's Server fields ("Caddy, uvicorn": a proxy adds its own), or null when none. */
    static String servers(LegExchange e) {
        List<String> servers = Headers.of(e.responseHeaders()).all("Server");
        return servers.isEmpty() ? null : String.join(", ", servers.stream().map(String::trim).toList());
    }
}
