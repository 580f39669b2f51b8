package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http1.HttpExchange;
import io.hopsniff.decoder.http1.HttpHeader;
import io.hopsniff.decoder.http1.HttpRequest;
import io.hopsniff.decoder.http1.HttpResponse;
import io.hopsniff.decoder.tcp.Endpoint;
import java.util.List;

/**
 * What correlation keeps of one exchange with a request: no bodies, the request head in full.
 *
 * @param headers         request headers in wire order, names as sent
 * @param responseHeaders final response headers (for the WebSocket accept), empty when no response
 * @param status          final status, 0 when none came
 * @param responseFirst   first byte of the final response, 0 when none
 * @param responseLast    last byte of the final response (its head end for a 101), 0 when none
 */
public record LegExchange(long id, long connection, Leg leg, Endpoint client, String method, String target,
                          List<HttpHeader> headers, long requestFirst, long requestLast, int status,
                          List<HttpHeader> responseHeaders, long responseFirst, long responseLast) {

    public LegExchange {
        headers = List.copyOf(headers);
        responseHeaders = List.copyOf(responseHeaders);
    }

    /** Null when the exchange has no request (a response seen alone says nothing about who caused it). */
    public static LegExchange of(HttpExchange e, Endpoint client, Leg leg) {
        HttpRequest q = e.request();
        if (q == null) {
            return null;
        }
        HttpResponse r = e.response();
        return new LegExchange(e.id(), e.connectionId(), leg, client, q.method(), q.target(), q.headers(),
                q.firstByteNanos(), q.lastByteNanos(), r == null ? 0 : r.status(),
                r == null ? List.of() : r.headers(), r == null ? 0 : r.firstByteNanos(),
                r == null ? 0 : r.status() == 101 ? Math.max(r.headEndNanos(), r.firstByteNanos()) : r.lastByteNanos());
    }

    /** The first value of a header (name compared case-insensitively), or null. */
    public String header(String name) {
        return Headers.first(headers, name);
    }

    public boolean answered() {
        return status != 0;
    }
}
