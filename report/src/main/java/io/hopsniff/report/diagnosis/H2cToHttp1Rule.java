package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.Protocol;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.tcp.EndReason;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DIAG_H2C_TO_HTTP1_BACKEND: the leg opened with the HTTP/2 preface and the backend answered in HTTP/1.x (the
 * decoder shows that as a {@code PRI * HTTP/2.0} exchange on an {@code http2-refused} connection) or closed without
 * a byte (reference §2.3 #4).
 */
final class H2cToHttp1Rule implements Rule {

    @Override
    public Optional<Diagnosis> apply(Facts facts, Evidence ev) {
        Finding f = new Finding(DiagnosisId.DIAG_H2C_TO_HTTP1_BACKEND);
        Set<Long> refused = new LinkedHashSet<>();
        String answer = null;
        for (ExchangeFact x : facts.judged()) {
            if (x.exchange().request() == null || !Handshakes.isPreface(x.exchange().request())) {
                continue;
            }
            boolean firstOnConnection = refused.add(x.connectionId());
            if (firstOnConnection && f.occurrence(x.id(), x.connectionId())) {
                f.evidence().add("tx" + x.id() + " c" + x.connectionId()
                        + " > PRI * HTTP/2.0 … SM (the HTTP/2 connection preface, RFC 9113 §3.4)");
                ev.response(x, f.evidence());
                ev.responseHeader(x, "Server", f.evidence());
            }
            if (answer == null) {
                answer = "answered in HTTP/1.x (" + ev.status(x.exchange().response()) + ")";
            }
        }
        for (ConnectionRecord c : facts.judgedConnections()) {
            if (refused.contains(c.id())) {
                continue;
            }
            boolean refusedRecord = c.protocol() == Protocol.HTTP2_REFUSED;
            boolean silent = c.protocol() == Protocol.HTTP2 && c.serverToClient().deliveredBytes() == 0
                    && c.end() != EndReason.STILL_OPEN;
            if (!refusedRecord && !silent) {
                continue;
            }
            refused.add(c.id());
            if (f.occurrence(0, c.id())) {
                f.evidence().add("c" + c.id() + " " + c.client() + " > " + c.server() + " protocol " + c.protocolLabel()
                        + ", history " + c.history() + ", " + c.clientToServer().deliveredBytes() + " bytes to the backend, "
                        + c.serverToClient().deliveredBytes() + " back, ended by " + c.end().reportName());
            }
            if (answer == null) {
                answer = silent ? "closed the connection without sending a byte (" + c.end().reportName() + ")"
                        : "answered in HTTP/1.x";
            }
        }
        if (f.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(f.build(Map.of("connections", Integer.toString(refused.size()), "answer", answer)));
    }
}
