package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.http.KeptBytes;
import io.hopsniff.decoder.http.PrefixBuffer;
import java.util.ArrayList;
import java.util.List;

/** One stream's state while open (RFC 9113 §5.1): both messages being built, flow-control windows. */
final class H2Stream {

    /** One side's message: a request (client) or the final response (server). */
    static final class Message {
        boolean headersSeen;
        List<HttpHeader> headers = List.of();
        List<HttpHeader> trailers = List.of();
        long firstNanos;
        long headEndNanos;
        long lastNanos;
        long headBytes;
        long bodyBytes;
        long contentLength = -1;
        final PrefixBuffer prefix;
        boolean ended;

        Message(KeptBytes kept) {
            this.prefix = new PrefixBuffer(kept);
        }

        /** The header section that opens the message: {@code fields} took {@code headBytes}, from first to last. */
        void head(List<HttpHeader> fields, long headBytes, long firstTs, long ts) {
            headersSeen = true;
            headers = fields == null ? List.of() : fields;
            firstNanos = firstTs;
            headEndNanos = ts;
            lastNanos = ts;
            this.headBytes = headBytes;
        }
    }

    record Pending(AnomalyType type, long ts, String detail) {
    }

    final int id;
    final Message request;
    final Message response;
    /** Octets of decoded fields this stream holds of the run's kept-bytes budget until it is emitted. */
    long heldFieldBytes;
    final List<HttpResponse> interim = new ArrayList<>(0);
    /** Send windows indexed by sender direction ordinal (0 = client, 1 = server). */
    final long[] window = new long[2];
    int status;
    boolean pushed;
    boolean reset;
    /** The WebSocket the stream carries once a 2xx answered its extended CONNECT (RFC 8441), else null. */
    H2WebSocket websocket;
    /** The HTTP/1.1 request of an h2c upgrade, which is stream 1's request (RFC 9113 §3.2). */
    HttpRequest upgradeRequest;
    final List<Pending> pending = new ArrayList<>(0);

    H2Stream(int id, KeptBytes kept) {
        this.id = id;
        this.request = new Message(kept);
        this.response = new Message(kept);
    }

    Message message(int senderIndex) {
        return senderIndex == 0 ? request : response;
    }

    /** Anomalies about this stream wait for its exchange id; a handful at most. */
    void pend(AnomalyType type, long ts, String detail) {
        if (pending.size() < 8) {
            pending.add(new Pending(type, ts, detail));
        }
    }
}
