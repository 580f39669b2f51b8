package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.tcp.EndReason;
import java.util.Map;
import java.util.Optional;

/** DIAG_NO_RESPONSE: requests that got no answer before their connection ended or the capture stopped. */
final class NoResponseRule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_NO_RESPONSE;
        Finding f = new Finding(id);
        ExchangeFact first = f.each(facts, x -> x.exchange().request() != null && x.exchange().response() == null
                && !H2WebSocketNotEnabledRule.applies(facts, x), x -> {
            f.evidence().add(ev.requestLine(x));
            f.evidence().add("tx" + x.id() + " < (no response)");
            ConnectionRecord c = facts.connection(x.connectionId());
            if (c != null) {
                f.evidence().add("c" + c.id() + " history " + c.history() + ", ended by " + c.end().reportName()
                        + " " + WebSocketEnds.seconds(Math.max(0, c.lastNanos() - x.exchange().request().lastByteNanos()))
                        + " after the request");
            }
        });
        if (first == null) {
            return Optional.empty();
        }
        ConnectionRecord c = facts.connection(first.connectionId());
        String request = ev.request(first.exchange().request()) + " on c" + first.connectionId();
        if (c != null) {
            request += c.end() == EndReason.STILL_OPEN ? ", still open when the capture ended"
                    : ", which then ended with " + c.end().reportName()
                    + (c.end() == EndReason.RST ? " from " + AbnormalCloseRule.resetBy(c.history()) : "");
            if (c.http2() != null && c.http2().streamsReset() > 0) {
                // on HTTP/2 a stream ends without an answer when a side resets it, the connection going on
                request += " (an HTTP/2 connection whose streams saw " + c.http2().streamsReset()
                        + " RST_STREAM: H2_STREAM_RESET says which and why)";
            }
        }
        var causes = c != null && c.end() == EndReason.STILL_OPEN ? Finding.rank(id.causes(), 1) : id.causes();
        return Optional.of(f.build(Map.of("count", Integer.toString(f.count()), "request", request), causes,
                id.severity()));
    }
}
