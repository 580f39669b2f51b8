package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.tcp.Endpoint;
import java.util.List;

/** Builds correlation facts for unit tests; times in milliseconds from an arbitrary origin. */
final class Ex {

    static final long MS = 1_000_000L;
    static final long T0 = 1_795_635_561_000_000_000L;

    private Ex() {
    }

    static List<HttpHeader> headers(String... lines) {
        return io.hopsniff.report.HeaderLines.of(lines);
    }

    /** A front exchange from 127.0.0.1:clientPort: request at {@code startMs}, response ends at {@code endMs}. */
    static LegExchange front(long id, int clientPort, String method, String target, double startMs, double endMs,
                             int status, String... headerLines) {
        return new LegExchange(id, 100 + clientPort, Leg.FRONT, new Endpoint("127.0.0.1", clientPort), method, target,
                headers(headerLines), at(startMs), at(startMs), status, List.of(), status == 0 ? 0 : at(endMs - 0.2),
                status == 0 ? 0 : at(endMs));
    }

    static LegExchange backend(long id, double startMs, double endMs, String method, String target, int status,
                               String... headerLines) {
        return new LegExchange(id, 7, Leg.BACKEND, new Endpoint("127.0.0.1", 56648), method, target,
                headers(headerLines), at(startMs), at(startMs), status, List.of(), status == 0 ? 0 : at(endMs - 0.1),
                status == 0 ? 0 : at(endMs));
    }

    static long at(double ms) {
        return T0 + Math.round(ms * MS);
    }

    static CorrelationFacts facts(List<LegExchange> front, List<LegExchange> backend) {
        return new CorrelationFacts(front, backend, List.of(), Long.MAX_VALUE, Long.MAX_VALUE, 0);
    }
}
