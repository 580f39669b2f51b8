package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.report.Redactor;
import java.util.List;

/**
 * Quotes the wire for evidence and verdicts, through the report's {@link Redactor}: {@code tx3 > GET /ws HTTP/1.1}
 * for what went to the backend, {@code tx3 < HTTP/1.1 400 Bad Request} for what came back.
 */
public final class Evidence {

    private final Redactor redactor;

    public Evidence(Redactor redactor) {
        this.redactor = redactor;
    }

    /** "GET /ws/abc123": for verdicts. */
    public String request(HttpRequest r) {
        return r.method() + " " + redactor.target(r.target());
    }

    /** "400 'Unsupported upgrade request.'", "404 {"detail":"Not Found"}", "403 with an empty body": for verdicts. */
    public String status(HttpResponse r) {
        if (r == null) {
            return "no response";
        }
        String body = Handshakes.body(r);
        if (body != null) {
            return r.status() + (body.startsWith("{") ? " " + body : " '" + body + "'");
        }
        String reason = r.reason() == null || r.reason().isEmpty() ? "" : " " + r.reason();
        if (r.framing() == BodyFraming.TUNNEL && r.bodyBytes() > 0) {
            // what followed a CONNECT's 2xx: a tunnel's bytes, or on HTTP/2 maybe a WebSocket's frames (RFC 8441)
            return r.status() + reason + " (then " + r.bodyBytes() + " bytes through the "
                    + ("HTTP/2".equals(r.version()) ? "stream" : "tunnel") + ")";
        }
        if (r.bodyBytes() == 0) {
            return r.status() + reason + " with an empty body";
        }
        String type = r.fields().first("Content-Type");
        return r.status() + reason + " (" + (type == null ? "" : type + ", ") + r.bodyBytes() + "-byte body)";
    }

    public String requestLine(ExchangeFact f) {
        HttpRequest r = f.exchange().request();
        return "tx" + f.id() + " c" + f.connectionId() + " > " + r.method() + " " + redactor.target(r.target()) + " "
                + r.version();
    }

    /**
     * The exchange as evidence: its request line and the request's {@code requestFields}, then its status line
     * and the response's {@code responseFields}, each field quoted line for line (or said absent).
     */
    public void exchange(ExchangeFact x, List<String> out, List<String> requestFields, List<String> responseFields) {
        out.add(requestLine(x));
        for (String name : requestFields) {
            requestHeader(x, name, out);
        }
        response(x, out);
        for (String name : responseFields) {
            responseHeader(x, name, out);
        }
    }

    /** Every line of the field, or a line saying it is absent. */
    public void requestHeader(ExchangeFact f, String name, List<String> out) {
        if (f.exchange().request() != null) {
            header(f, ">", f.exchange().request().headers(), name, out);
        }
    }

    /** Nothing when no response came (the caller's verdict already says so). */
    public void responseHeader(ExchangeFact f, String name, List<String> out) {
        if (f.exchange().response() != null) {
            header(f, "<", f.exchange().response().headers(), name, out);
        }
    }

    private void header(ExchangeFact f, String dir, List<HttpHeader> headers, String name, List<String> out) {
        boolean any = false;
        for (HttpHeader h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add("tx" + f.id() + " " + dir + " " + h.name() + ": " + redactor.headerValue(h.name(), h.value()));
                any = true;
            }
        }
        if (!any) {
            out.add("tx" + f.id() + " " + dir + " (no " + name + " field)");
        }
    }

    /** The status line, then the body's first bytes when kept. */
    public void response(ExchangeFact f, List<String> out) {
        HttpResponse r = f.exchange().response();
        if (r == null) {
            out.add("tx" + f.id() + " < (no response)");
            return;
        }
        out.add("tx" + f.id() + " < " + r.version() + " " + r.status()
                + (r.reason() == null || r.reason().isEmpty() ? "" : " " + r.reason()));
        String body = Handshakes.body(r);
        if (body != null) {
            out.add("tx" + f.id() + " < body: " + body + " (" + r.bodyBytes() + " bytes)");
        } else if (r.bodyBytes() > 0) {
            out.add("tx" + f.id() + " < body: " + r.bodyBytes() + " bytes (not kept)");
        }
    }

    public String target(String target) {
        return redactor.target(target);
    }

    public Redactor redactor() {
        return redactor;
    }
}
