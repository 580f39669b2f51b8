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

    /** The run's budget: the body prefix's, and the head's fields beyond {@link LineBuffer#OWN} bytes. */
    private final KeptBytes budget;
    /** What the head's fields hold of the budget until the message leaves the decoder (-1: refused; 0 after). */
    private long headCharge;

    MessageBuilder(boolean request, KeptBytes budget) {
        this.request = request;
        this.budget = budget;
        this.prefix = new PrefixBuffer(budget);
    }

    /**
     * The parsed head's fields stay here until the exchange leaves the decoder (an unanswered request: until the
     * connection ends), so beyond its first {@link LineBuffer#OWN} bytes a head holds the run's budget: 10 000
     * unanswered 60 KB requests held 600 MB of fields. When the budget has no room: {@link #letFieldsGo}.
     */
    void holdFields() {
        long charge = headBytes - LineBuffer.OWN;
        if (charge > 0) {
            headCharge = budget.take(charge) ? charge : -1;
        }
    }

    /** The budget had no room for the fields: once the framing is read from them, they are not kept. */
    void letFieldsGo(long ts) {
        if (headCharge != -1) {
            return; // held, nothing to hold, or the message already left the decoder
        }
        anomaly(AnomalyType.HTTP_KEPT_BYTES_LIMIT, ts, "message=" + (request ? "request" : "response")
                + ", head_fields_not_kept=" + headers.size() + ", head_bytes=" + headBytes);
        headers = List.of();
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

    /** A message dropped without a record: what it held of the budget goes back. */
    void discard() {
        leaveBudget();
        prefix.take();
    }

    private void leaveBudget() {
        if (headCharge > 0) {
            budget.give(headCharge);
        }
        headCharge = 0;
    }

    /** The kept body bytes, leaving the budget (the head's fields leave it too); a prefix cut short is named. */
    private byte[] prefixBytes() {
        leaveBudget();
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
