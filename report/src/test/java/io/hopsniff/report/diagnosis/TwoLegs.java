package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.session.Protocol;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.session.ByteCounts;
import io.hopsniff.decoder.session.ConnectionRecord;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tcp.FlowStats;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.report.ReportCollector;
import io.hopsniff.report.ReportOptions;
import io.hopsniff.report.correlation.Legs;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test support: the two legs of one proxy as the report collector receives them, with times in milliseconds from
 * an arbitrary origin. The proxy listens on 127.0.0.1:8080 (the front leg's server), the backend on
 * 127.0.0.1:12656; the proxy connects from 127.0.0.1:40000+N. Each test can feed both legs or one.
 */
final class TwoLegs implements AutoCloseable {

    static final Endpoint PROXY_LISTENER = new Endpoint("127.0.0.1", 8080);
    static final Endpoint BACKEND = new Endpoint("127.0.0.1", 12656);
    static final long T0 = 1_795_635_561_000_000_000L;

    /** How the run is given its legs. */
    enum Way { BACKEND_ONLY, DECLARED, INFERRED }

    final Way way;
    final ReportCollector collector;
    private long nextId = 1;

    TwoLegs(Way way) {
        this.way = way;
        this.collector = new ReportCollector(ReportOptions.defaults("test"), DiagnosisSettings.DEFAULTS,
                way == Way.DECLARED ? Legs.parse(List.of("127.0.0.1:8080")) : Legs.none());
    }

    static long at(double ms) {
        return T0 + Math.round(ms * 1_000_000L);
    }

    static HttpRequest request(String method, String target, double ms, List<String> headerLines) {
        return new HttpRequest(method, target, "HTTP/1.1", Diag.headers(headerLines.toArray(String[]::new)), List.of(),
                at(ms), at(ms), at(ms), 100, 0, new byte[0], BodyFraming.NONE, true);
    }

    static HttpResponse response(int status, String reason, String body, double ms, String... headerLines) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse("HTTP/1.1", status, reason, Diag.headers(headerLines), List.of(), at(ms), at(ms), at(ms),
                100, b.length, b, status == 101 ? BodyFraming.TUNNEL : BodyFraming.CONTENT_LENGTH, true);
    }

    /** A client → proxy exchange (skipped when only the backend leg is captured); returns its id or 0. */
    long front(long connection, int clientPort, HttpRequest q, HttpResponse r, WebSocketSession ws) {
        if (way == Way.BACKEND_ONLY) {
            return 0;
        }
        long id = nextId++;
        collector.exchange(new HttpExchange(id, connection, 0, q, List.of(), r),
                new ExchangeContext(new Endpoint("127.0.0.1", clientPort), PROXY_LISTENER, Protocol.HTTP1, 0, ws));
        return id;
    }

    /** A proxy → backend exchange. */
    long backend(long connection, HttpRequest q, HttpResponse r, WebSocketSession ws) {
        long id = nextId++;
        collector.exchange(new HttpExchange(id, connection, 0, q, List.of(), r),
                new ExchangeContext(new Endpoint("127.0.0.1", 40000 + (int) connection), BACKEND, Protocol.HTTP1, 0, ws));
        return id;
    }

    /** A finished connection on the backend leg (history letters as Zeek writes them). */
    void backendConnection(long id, String history, EndReason end, double firstMs, double lastMs, int exchanges) {
        collector.connection(new ConnectionRecord(id, new Endpoint("127.0.0.1", 40000 + (int) id), BACKEND, at(firstMs),
                at(lastMs), end, true, true, history, exchanges > 0 ? Protocol.HTTP1 : Protocol.NONE, null, exchanges,
                FlowStats.EMPTY, FlowStats.EMPTY, ByteCounts.ZERO, ByteCounts.ZERO));
    }

    /** A finished connection on the front leg. */
    void frontConnection(long id, int clientPort, double firstMs, double lastMs, int exchanges) {
        if (way == Way.BACKEND_ONLY) {
            return;
        }
        collector.connection(new ConnectionRecord(id, new Endpoint("127.0.0.1", clientPort), PROXY_LISTENER, at(firstMs),
                at(lastMs), EndReason.FIN, true, true, "ShADadFf", Protocol.HTTP1, null, exchanges, FlowStats.EMPTY,
                FlowStats.EMPTY, ByteCounts.ZERO, ByteCounts.ZERO));
    }

    List<Diagnosis> diagnoses() {
        return collector.diagnoses();
    }

    @Override
    public void close() {
        collector.close();
    }
}
