package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpHeader;
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
        return "tx" + f.id() + " < " + status(f, facts, ev) + servers(f.responseHeaders());
    }

    /** The status with its first body bytes when kept, else the bare code; "no response" when none came. */
    static String status(LegExchange f, Facts facts, Evidence ev) {
        if (!f.answered()) {
            return "no response";
        }
        for (ExchangeFact x : facts.exchanges()) {
            if (x.id() == f.id()) {
                HttpResponse r = x.exchange().response();
                if (r != null) {
                    return ev.status(r);
                }
            }
        }
        return Integer.toString(f.status());
    }

    private static String servers(List<HttpHeader> headers) {
        StringBuilder b = new StringBuilder();
        for (HttpHeader h : headers) {
            if (h.name().equalsIgnoreCase("Server")) {
                b.append(b.length() == 0 ? " (Server: " : ", ").append(h.value().trim());
            }
        }
        return b.length() == 0 ? "" : b.append(')').toString();
    }
}
