package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.ws.WebSocketHandshake;
import java.util.Map;
import java.util.Optional;

/**
 * DIAG_H2_WEBSOCKET_NOT_ENABLED: an extended CONNECT for a WebSocket (RFC 8441) on an HTTP/2 connection whose server
 * never announced SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, answered with anything but a 2xx (an error status, a reset
 * stream, nothing). A client may send one only after that setting (§4), so the refusal says the backend has no
 * WebSockets over HTTP/2, not that a route or the app refused: those rules leave these exchanges to this one.
 */
final class H2WebSocketNotEnabledRule implements Rule {

    /** Whether {@code x} is such an exchange; false when its connection's SETTINGS are not known. */
    static boolean applies(Facts facts, ExchangeFact x) {
        if (!WebSocketHandshake.overHttp2(x.exchange().request())) {
            return false;
        }
        HttpResponse r = x.exchange().response();
        if (r != null && r.status() >= 200 && r.status() < 300) {
            return false; // it worked, enabled or not
        }
        ConnectionRecord c = facts.connection(x.connectionId());
        return c != null && c.spokeHttp2() && !c.http2().serverEnabledExtendedConnect();
    }

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_H2_WEBSOCKET_NOT_ENABLED);
        ExchangeFact first = f.each(facts, x -> applies(facts, x), x -> {
            f.evidence().add(ev.requestLine(x) + " with :protocol " + x.exchange().request().fields().first(":protocol"));
            H2ConnectionSummary h2 = facts.connection(x.connectionId()).http2();
            f.evidence().add("c" + x.connectionId() + " backend SETTINGS: " + h2.settingsS2c());
            ev.response(x, f.evidence());
        });
        if (first == null) {
            return Optional.empty();
        }
        HttpResponse r = first.exchange().response();
        H2ConnectionSummary h2 = facts.connection(first.connectionId()).http2();
        String answer = r != null ? "the backend answered " + ev.status(r)
                : "no answer came on its stream" + (h2.streamsReset() > 0 ? " (the connection saw "
                        + h2.streamsReset() + " stream reset(s): H2_STREAM_RESET names who reset it and why)" : "");
        return Optional.of(f.build(Map.of("request", ev.request(first.exchange().request()), "answer", answer + f.more())));
    }
}
