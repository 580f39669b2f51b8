package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.ws.WebSocketHandshake;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_CONNECT_AT_ORIGIN: a CONNECT on the backend leg. The target form tells who sent it (reference §2.3 #5, §3):
 * authority-form is forward-proxy use; origin-form, especially with Sec-WebSocket-* or :protocol, is an extended
 * CONNECT the proxy passed through.
 */
final class ConnectAtOriginRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_CONNECT_AT_ORIGIN;
        Finding f = new Finding(id);
        // An extended CONNECT for a WebSocket on an HTTP/2 stream is RFC 8441's handshake, judged as one by the
        // WebSocket rules: over h2c to a backend that speaks it, it is how the WebSocket opens, not a misrouted tunnel.
        ExchangeFact first = f.each(facts, x -> x.exchange().request() != null && Handshakes.isConnect(x.exchange().request())
                && !WebSocketHandshake.overHttp2(x.exchange().request()), x -> {
            HttpRequest r = x.exchange().request();
            f.evidence().add(ev.requestLine(x) + "  (" + Handshakes.targetForm(r.target()) + ")");
            ev.requestHeader(x, "Host", f.evidence());
            for (String h : new String[] {"User-Agent", "Proxy-Connection", ":protocol", "Sec-WebSocket-Version",
                    "Sec-WebSocket-Protocol"}) {
                if (r.fields().first(h) != null) {
                    ev.requestHeader(x, h, f.evidence());
                }
            }
            ev.response(x, f.evidence());
        });
        if (first == null) {
            return Optional.empty();
        }
        HttpRequest r = first.exchange().request();
        HttpResponse response = first.exchange().response();
        String form = Handshakes.targetForm(r.target());
        boolean wsHints = io.hopsniff.decoder.ws.WebSocketHandshake.hasSecWebSocket(r.headers()) || r.fields().first(":protocol") != null;
        boolean originForm = form.equals("origin-form");
        String meaning;
        if (originForm) {
            meaning = wsHints ? "an RFC 8441/9220 extended CONNECT for a WebSocket that the proxy forwarded instead"
                    + " of converting it to a GET with Upgrade: websocket"
                    : "a CONNECT with a path is an extended CONNECT (RFC 8441/9220) that the proxy did not convert";
        } else {
            meaning = "something used the backend as a forward proxy (a tunnel request for "
                    + ev.target(r.target()) + "), which is not the proxy's WebSocket traffic";
        }
        if (response != null && response.status() >= 200 && response.status() < 300) {
            meaning += "; the backend even accepted it as a tunnel";
        }
        var causes = originForm ? Finding.rank(id.causes(), 1) : id.causes();
        return Optional.of(f.build(Map.of("request", ev.request(r), "form", form, "status", ev.status(response),
                "meaning", meaning + f.more()), causes, id.severity()));
    }
}
