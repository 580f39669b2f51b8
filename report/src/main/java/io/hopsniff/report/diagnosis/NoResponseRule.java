package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.tcp.EndReason;
import java.util.Map;
import java.util.Optional;

/** DIAG_NO_RESPONSE: requests that got no answer before their connection ended or the capture stopped. */
final class NoResponseRule implements Rule {

    /** Index into the catalogue's causes: a side reset the request's HTTP/2 stream. */
    private static final int STREAM_RESET = 2;

    /**
     * "the backend reset its HTTP/2 stream 3 with RST_STREAM REFUSED_STREAM" from an H2_STREAM_RESET detail
     * ({@code stream=3, sender=s2c, code=REFUSED_STREAM}), or null when there is none.
     */
    static String reset(String detail) {
        if (detail == null) {
            return null;
        }
        String stream = field(detail, "stream");
        String sender = field(detail, "sender");
        String code = field(detail, "code");
        String who = "s2c".equals(sender) ? "the backend" : "c2s".equals(sender) ? "the proxy's side" : "a side";
        return who + " reset its HTTP/2 stream" + (stream == null ? "" : " " + stream) + " with RST_STREAM"
                + (code == null ? "" : " " + code);
    }

    /** The value of {@code name=} in a "k=v, k=v" detail, or null. */
    private static String field(String detail, String name) {
        for (String part : detail.split(", ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        DiagnosisId id = DiagnosisId.DIAG_NO_RESPONSE;
        Finding f = new Finding(id);
        ExchangeFact first = f.each(facts, x -> x.exchange().request() != null && x.exchange().response() == null
                && !H2WebSocketNotEnabledRule.applies(facts, x), x -> {
            f.evidence().add(ev.requestLine(x));
            f.evidence().add("tx" + x.id() + " < (no response)");
            String detail = facts.streamResets().get(x.id());
            if (detail != null) {
                f.evidence().add("tx" + x.id() + " RST_STREAM: " + detail);
            }
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
        String detail = facts.streamResets().get(first.id());
        if (c != null) {
            request += c.end() == EndReason.STILL_OPEN ? ", still open when the capture ended"
                    : ", which then ended with " + c.end().reportName()
                    + (c.end() == EndReason.RST ? " from " + AbnormalCloseRule.resetBy(c.history()) : "");
            String reset = reset(detail);
            if (reset != null) {
                request += " (" + reset + ")";
            } else if (c.http2() != null && c.http2().streamsReset() > 0) {
                // on HTTP/2 a stream ends without an answer when a side resets it, the connection going on
                request += " (an HTTP/2 connection whose streams saw " + c.http2().streamsReset()
                        + " RST_STREAM: H2_STREAM_RESET says which and why)";
            }
        }
        // the backend resetting the stream is the answer's absence explained; the proxy's own reset (CANCEL) is it
        // giving up, for whatever reason the other causes name
        var causes = detail != null && "s2c".equals(field(detail, "sender")) ? Finding.rank(id.causes(), STREAM_RESET)
                : c != null && c.end() == EndReason.STILL_OPEN ? Finding.rank(id.causes(), 1) : id.causes();
        return Optional.of(f.build(Map.of("count", Integer.toString(f.count()), "request", request), causes,
                id.severity()));
    }
}
