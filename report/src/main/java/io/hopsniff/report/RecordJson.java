package io.hopsniff.report;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.tcp.FlowStats;
import io.hopsniff.report.correlation.Leg;
import io.hopsniff.report.correlation.LegConnection;
import io.hopsniff.report.correlation.Legs;
import io.hopsniff.report.diagnosis.BodyPrefixes;
import io.hopsniff.report.json.AnomalyJson;
import io.hopsniff.report.json.ConnectionJson;
import io.hopsniff.report.json.DirectionJson;
import io.hopsniff.report.json.Http2Json;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.TlsJson;
import io.hopsniff.report.json.TransactionJson;
import io.hopsniff.report.render.CommunityId;
import java.util.List;
import java.util.Locale;

/**
 * The decoder's records in the report's form, mapped in one place for the saved report and the live NDJSON
 * stream, so both say the same: exchanges (redacted, body prefixes cut to {@code --body-bytes}), connections and
 * anomalies, with the leg that {@code --front} declares.
 */
public final class RecordJson {

    private final Redactor redactor;
    private final TransactionMapper transactions;
    private final int bodyBytes;
    private final Legs legs;

    public RecordJson(Redactor redactor, int bodyBytes, Legs legs) {
        this.redactor = redactor;
        this.transactions = new TransactionMapper(redactor);
        this.bodyBytes = bodyBytes;
        this.legs = legs;
    }

    /** The exchange as the report lists it; {@code anomalyIds} are the ids reported against it. */
    public TransactionJson transaction(HttpExchange exchange, ExchangeContext context, List<String> anomalyIds) {
        TransactionJson json = transactions.map(BodyPrefixes.limit(exchange, bodyBytes), context, anomalyIds);
        Leg leg = legs.of(context.server());
        return leg == null ? json : json.withLeg(leg.reportName());
    }

    /** The connection as the report lists it. */
    public ConnectionJson connection(ConnectionRecord c) {
        Leg leg = legs.of(c.server());
        return new ConnectionJson(c.id(), c.client().toString(), c.server().toString(),
                CommunityId.tcp(c.client().address(), c.client().port(), c.server().address(), c.server().port()),
                leg == null ? null : leg.reportName(), TimeJson.of(c.firstNanos()), TimeJson.of(c.lastNanos()),
                Times.millis(c.lastNanos() - c.firstNanos()), c.end().reportName(), c.sawSyn(), c.rolesFromSyn(),
                c.history(), c.protocolLabel(), c.upgradedTo(), c.exchanges(),
                direction(c.clientToServer(), c.nonHttpBytes().clientToServer(), c.tunnelBytes().clientToServer()),
                direction(c.serverToClient(), c.nonHttpBytes().serverToClient(), c.tunnelBytes().serverToClient()),
                TlsJson.of(c.tls()), Http2Json.of(c.http2()), c.preamble() == null ? null
                        : new ConnectionJson.PreambleJson(c.preamble().kind(), c.preamble().source(),
                                c.preamble().target(), c.preamble().status()),
                WebSocketMapper.map(c.websocket(), redactor));
    }

    /**
     * True when the connection is listed without {@code --server}: it carried HTTP, it was a refused or
     * unanswered attempt (what DIAG_BACKEND_UNREACHABLE cites), or it spoke a protocol its first lines named
     * (SMTP, SSH, ...: what a port thought to be HTTP's really carried).
     */
    public static boolean listed(ConnectionRecord c) {
        return c.carriesHttp() || c.protocol().isOther() || LegConnection.failedAttempt(c.sawSyn(), c.history());
    }

    /** The anomaly as the report lists it; its detail may quote wire bytes, so it is redacted. */
    public AnomalyJson anomaly(Anomaly a) {
        return new AnomalyJson(a.type().name(), a.type().severity().name().toLowerCase(Locale.ROOT),
                a.connectionId() == 0 ? null : a.connectionId(),
                a.transactionId() == 0 ? null : a.transactionId(),
                TimeJson.of(a.timestampNanos()), a.type().summary(), redactor.quoted(a.detail()));
    }

    private static DirectionJson direction(FlowStats s, long nonHttp, long tunnel) {
        return new DirectionJson(s.packets(), s.wireBytes(), s.deliveredBytes(), s.gaps(), s.gapBytes(),
                s.retransmissions(), s.outOfOrder(), s.overlapConflicts(), nonHttp, tunnel);
    }
}
