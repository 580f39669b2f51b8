package io.hopsniff.report.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One client request told end to end, for a diagnosis that both legs explain: what the client sent the proxy,
 * what the proxy forwarded (and changed), what the backend answered, and what the client got back. A request the
 * proxy answered itself has no backend side. Values are redacted like the rest of the report.
 *
 * @param front            the front (client → proxy) transaction id
 * @param backend          the backend transaction id, or null when the proxy never forwarded the request (or the
 *                         capture holds no backend leg: answeredBy "backend" or "unknown")
 * @param clientSent       method, target and the upgrade fields as the client sent them
 * @param forwarded        the same as the proxy forwarded it, or null
 * @param proxyChanged     the request header diff in words ("removed Upgrade: websocket", "added X-Real-Ip: …")
 * @param backendAnswered  the backend's status and first body bytes, or null
 * @param clientGot        the status the client got and who sent it
 * @param answeredBy       "backend" (the proxy relayed the backend's answer), "proxy", "unknown" (the capture holds
 *                         no backend leg and the answer does not show a relay), or "none" (no answer)
 * @param confidence       how sure the pairing of the two legs is (0–1), null when not paired
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Story(long front, Long backend, long frontConnection, Long backendConnection, String clientSent,
                    String forwarded, List<String> proxyChanged, String backendAnswered, String clientGot,
                    String answeredBy, Double confidence) {

    /** The same story with every text passed through {@code f} (redaction's last pass). */
    public Story mapTexts(java.util.function.UnaryOperator<String> f) {
        return new Story(front, backend, frontConnection, backendConnection, f.apply(clientSent), f.apply(forwarded),
                proxyChanged == null ? null : proxyChanged.stream().map(f).toList(), f.apply(backendAnswered),
                f.apply(clientGot), f.apply(answeredBy), confidence);
    }
}
