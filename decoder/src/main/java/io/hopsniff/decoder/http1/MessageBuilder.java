package io.hopsniff.decoder.http1;

import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.BodyFraming;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.PrefixBuffer;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalyType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** One message while it crosses the wire; turned into an immutable record when its exchange is emitted. */
final class MessageBuilder {


    final boolean request;
    String method;
    String target;
    String version;
    int status;
    String reason;
    List<HttpHeader> headers = List.of();
    List<HttpHeader> trailers = List.of();
    long firstByteNanos;
    long headEndNanos;
    long lastByteNanos;
    long headBytes;
    long bodyBytes;
    BodyFraming framing = BodyFraming.NONE;
    boolean complete;
    /** Request only: an Upgrade (with Connection: upgrade) or CONNECT request; client bytes after it are held. */
    boolean holdAfter;
    PendingExchange pending;

    private final PrefixBuffer prefix;
    private boolean prefixStopped;
    /** Anomalies of this message, reported with the exchange id once the exchange is emitted. */
    private List<Anomaly> anomalies;

    MessageBuilder(boolean request, KeptBytes budget) {
        this.request = request;
        this.prefix = new PrefixBuffer(budget);
    }

    /** Records a finding once per type per message (the first detail wins). */
    void anomaly(AnomalyType type, long ts, String detail) {
        if (anomalies == null) {
            anomalies = new ArrayList<>(2);
        }
        for (Anomaly a : anomalies) {
            if (a.type() == type) {
                return;
            }
        }
        anomalies.add(new Anomaly(type, ts, 0, 0, detail));
    }

    List<Anomaly> anomalies() {
        return anomalies == null ? List.of() : anomalies;
    }

    boolean isInterim() {
        return !request && status >= 100 && status < 200 && status != 101;
    }

    /** Counts body bytes and keeps the first {@code max} of them; never copies more. */
    void body(ByteBuffer b, int index, int length, int max) {
        bodyBytes += length;
        if (!prefixStopped && length > 0) {
            prefix.append(b, index, length, max);
        }
    }

    /** Missing bytes count toward the body, but the prefix stops there: never invent bytes. */
    void bodyGap(long length) {
        bodyBytes += length;
        prefixStopped = true;
    }

    /** The kept body bytes, leaving the budget; a prefix the budget cut short is named on the message. */
    private byte[] prefixBytes() {
        if (prefix.starved()) {
            anomaly(AnomalyType.HTTP_KEPT_BYTES_LIMIT, lastByteNanos, "message=" + (request ? "request" : "response")
                    + ", kept=" + prefix.length() + ", body_bytes=" + bodyBytes);
        }
        return prefix.take();
    }

    HttpRequest toRequest() {
        return new HttpRequest(method, target, version, headers, trailers, firstByteNanos, headEndNanos,
                lastByteNanos, headBytes, bodyBytes, prefixBytes(), framing, complete);
    }

    HttpResponse toResponse() {
        return new HttpResponse(version, status, reason, headers, trailers, firstByteNanos, headEndNanos,
                lastByteNanos, headBytes, bodyBytes, prefixBytes(), framing, complete);
    }
}
