package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.ws.WebSocketDirection;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.report.Redactor;
import io.hopsniff.report.Times;
import io.hopsniff.report.json.TimeJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * While a live capture runs: passes everything on to the report and prints the NDJSON event of each exchange,
 * WebSocket session, connection and anomaly the moment the decoder completes it (same lines as
 * {@link NdjsonRenderer} gives for the saved report; the diagnoses and stats follow at the end, from
 * {@link NdjsonRenderer#tail}). Each line is flushed, so {@code | jq} sees it at once.
 */
public final class NdjsonLive implements AnalysisListener {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final AnalysisListener next;
    private final PrintWriter out;
    private final Redactor redactor;
    private final boolean allConnections;
    private final Map<Long, List<String>> anomalies = new HashMap<>();

    /** {@code allConnections}: list connections that carried no HTTP too (true when --server selected them). */
    public NdjsonLive(AnalysisListener next, PrintWriter out, Redactor redactor, boolean allConnections) {
        this.next = next;
        this.out = out;
        this.redactor = redactor;
        this.allConnections = allConnections;
    }

    @Override
    public void exchange(HttpExchange x, ExchangeContext context) {
        next.exchange(x, context);
        ObjectNode tx = F.objectNode();
        tx.put("id", x.id());
        tx.put("connection", x.connectionId());
        tx.put("sequence", x.sequence());
        tx.put("protocol", context.carriedBy().label());
        tx.put("client", context.client().toString());
        tx.put("server", context.server().toString());
        HttpRequest req = x.request();
        HttpResponse resp = x.response();
        if (req != null) {
            ObjectNode r = tx.putObject("request");
            r.put("method", req.method());
            r.put("target", redactor.target(req.target()));
            r.put("version", req.version());
            r.set("first_byte", time(req.firstByteNanos()));
            r.set("last_byte", time(req.lastByteNanos()));
        }
        if (resp != null) {
            ObjectNode r = tx.putObject("response");
            r.put("status", resp.status());
            r.put("reason", resp.reason());
            r.set("first_byte", time(resp.firstByteNanos()));
            r.set("last_byte", time(resp.lastByteNanos()));
        }
        if (req != null && resp != null) {
            tx.put("latency_ms", Times.millis(Math.max(0, resp.firstByteNanos() - req.lastByteNanos())));
            tx.put("duration_ms", Times.millis(Math.max(0, resp.lastByteNanos() - req.firstByteNanos())));
        }
        WebSocketSession ws = context.websocket();
        if (ws != null) {
            tx.put("upgrade", "websocket");
            ObjectNode w = tx.putObject("websocket");
            w.set("c2s", side(ws.c2s()));
            w.set("s2c", side(ws.s2c()));
            w.put("subprotocol", ws.subprotocol());
            w.put("extensions", ws.extensions());
            w.put("closed_by", ws.closedBy());
            w.put("close_handshake_completed", ws.closeHandshakeCompleted());
            w.put("end", ws.end());
            w.put("ended_by", ws.endedBy());
            w.put("undecodable", ws.undecodable());
        }
        List<String> ids = anomalies.remove(x.id());
        if (ids != null) {
            tx.set("anomalies", F.arrayNode().addAll(ids.stream().map(F::textNode).toList()));
        }
        print(NdjsonEvents.exchange(tx));
        ObjectNode session = NdjsonEvents.websocket(tx);
        if (session != null) {
            print(session);
        }
    }

    private static ObjectNode side(WebSocketDirection d) {
        ObjectNode o = F.objectNode();
        o.put("frames", d.frames());
        o.put("bytes", d.payloadBytes());
        o.put("messages", d.messages());
        if (d.closeCode() != null) {
            o.put("close_code", d.closeCode());
            o.put("close_reason", d.closeReason());
        }
        o.set("last_frame", time(d.lastFrameNanos()));
        return o;
    }

    @Override
    public void connection(ConnectionRecord c) {
        next.connection(c);
        boolean carriesHttp = c.carriesHttp();
        if (!allConnections && !carriesHttp) {
            return;
        }
        ObjectNode n = F.objectNode();
        n.put("id", c.id());
        n.put("community_id", CommunityId.tcp(c.client().address(), c.client().port(), c.server().address(),
                c.server().port()));
        n.put("client", c.client().toString());
        n.put("server", c.server().toString());
        n.set("first", time(c.firstNanos()));
        n.set("last", time(c.lastNanos()));
        n.put("duration_ms", Times.millis(c.lastNanos() - c.firstNanos()));
        n.put("end", c.end().reportName());
        n.put("history", c.history());
        n.put("protocol", c.protocolLabel());
        n.put("upgraded_to", c.upgradedTo());
        n.put("exchanges", c.exchanges());
        n.putObject("c2s").put("delivered_bytes", c.clientToServer().deliveredBytes()).put("gaps", c.clientToServer().gaps());
        n.putObject("s2c").put("delivered_bytes", c.serverToClient().deliveredBytes()).put("gaps", c.serverToClient().gaps());
        print(NdjsonEvents.connection(n));
    }

    @Override
    public void anomaly(Anomaly a) {
        next.anomaly(a);
        if (a.transactionId() != 0 && anomalies.size() < 100_000) {
            List<String> ids = anomalies.computeIfAbsent(a.transactionId(), k -> new ArrayList<>(2));
            if (ids.size() < 16 && !ids.contains(a.type().name())) {
                ids.add(a.type().name());
            }
        }
        ObjectNode n = F.objectNode();
        n.put("id", a.type().name());
        n.put("severity", a.type().severity().name().toLowerCase(Locale.ROOT));
        if (a.connectionId() != 0) {
            n.put("connection", a.connectionId());
        }
        if (a.transactionId() != 0) {
            n.put("transaction", a.transactionId());
        }
        n.set("time", time(a.timestampNanos()));
        n.put("summary", a.type().summary());
        n.put("detail", a.detail());
        print(NdjsonEvents.anomaly(n));
    }

    private static ObjectNode time(long nanos) {
        TimeJson t = TimeJson.of(nanos);
        return t == null ? null : F.objectNode().put("utc", t.utc()).put("epoch_ns", t.epochNs());
    }

    private void print(ObjectNode event) {
        try {
            out.println(NdjsonRenderer.line(event));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.flush();
    }
}
