package io.hopsniff.report.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.session.ForwardingListener;
import io.hopsniff.report.JsonMapper;
import io.hopsniff.report.RecordJson;
import io.hopsniff.report.TransactionAnomalies;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * While a live capture runs: passes everything on to the report and prints the NDJSON event of each exchange,
 * WebSocket session, connection and anomaly the moment the decoder completes it. The records are mapped by the
 * report's own {@link RecordJson}, so each line is the one {@link NdjsonRenderer} gives for the saved report
 * (except a leg inferred only at the end); the diagnoses and stats follow at the end, from
 * {@link NdjsonRenderer#tail}. Each line is flushed, so {@code | jq} sees it at once.
 */
public final class NdjsonLive extends ForwardingListener {

    private final PrintWriter out;
    private final RecordJson records;
    private final boolean allConnections;
    private final TransactionAnomalies anomalies = new TransactionAnomalies();

    /** {@code allConnections}: list connections that carried no HTTP too (true when --server selected them). */
    public NdjsonLive(AnalysisListener next, PrintWriter out, RecordJson records, boolean allConnections) {
        super(next);
        this.out = out;
        this.records = records;
        this.allConnections = allConnections;
        io.hopsniff.report.SerializerWarmup.startLiveRecords();
    }

    @Override
    public void exchange(HttpExchange x, ExchangeContext context) {
        super.exchange(x, context);
        JsonNode tx = JsonMapper.get().valueToTree(records.transaction(x, context, anomalies.take(x.id())));
        print(NdjsonEvents.exchange(tx));
        ObjectNode session = NdjsonEvents.websocket(tx);
        if (session != null) {
            print(session);
        }
    }

    @Override
    public void connection(ConnectionRecord c) {
        super.connection(c);
        if (allConnections || RecordJson.listed(c)) {
            print(NdjsonEvents.connection(JsonMapper.get().valueToTree(records.connection(c))));
        }
    }

    @Override
    public void anomaly(Anomaly a) {
        super.anomaly(a);
        anomalies.add(a);
        print(NdjsonEvents.anomaly(JsonMapper.get().valueToTree(records.anomaly(a))));
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
