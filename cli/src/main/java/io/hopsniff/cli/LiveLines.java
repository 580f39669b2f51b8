package io.hopsniff.cli;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.session.AnalysisListener;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.session.ForwardingListener;
import io.hopsniff.report.Redactor;
import io.hopsniff.report.Times;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * While a live capture runs: passes everything on to the report and prints one line per completed exchange
 * (time, client, method, target, status, latency, '!' when it raised an anomaly).
 */
final class LiveLines extends ForwardingListener {

    private final PrintWriter out;
    private final Redactor redactor;
    private final boolean quiet;
    private final Set<Long> anomalous = new HashSet<>();

    LiveLines(AnalysisListener next, PrintWriter out, Redactor redactor, boolean quiet) {
        super(next);
        this.out = out;
        this.redactor = redactor;
        this.quiet = quiet;
    }

    @Override
    public void exchange(HttpExchange e, ExchangeContext context) {
        super.exchange(e, context);
        if (quiet) {
            return;
        }
        boolean flagged = anomalous.remove(e.id());
        var req = e.request();
        var resp = e.response();
        long time = req != null ? req.firstByteNanos() : resp != null ? resp.firstByteNanos() : 0;
        String latency = req != null && resp != null
                ? String.format(Locale.ROOT, "%.1f ms", Math.max(0, resp.firstByteNanos() - req.lastByteNanos()) / 1e6) : "-";
        out.printf("%s  %-21s %-7s %-40s %4s %10s%s%n", time == 0 ? "-" : Times.clock(time),
                context.client(), req == null ? "-" : req.method(),
                req == null ? "-" : io.hopsniff.report.TerminalText.clip(redactor.target(req.target()), 40),
                resp == null ? "-" : Integer.toString(resp.status()), latency, flagged ? "  !" : "");
        out.flush();
    }


    @Override
    public void anomaly(Anomaly anomaly) {
        super.anomaly(anomaly);
        if (anomaly.transactionId() != 0 && anomaly.type().severity() != io.hopsniff.decoder.anomaly.Severity.INFO
                && anomalous.size() < 100_000) {
            anomalous.add(anomaly.transactionId());
        }
    }
}
