package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

/**
 * The decoder keeps {@link DiagnosisSettings#BODY_BYTES_FOR_DIAGNOSIS} body bytes so that diagnoses can quote
 * refusal texts; the report shows only what {@code --body-bytes} asked for. This cuts an exchange back to that.
 */
public final class BodyPrefixes {

    private BodyPrefixes() {
    }

    /** The exchange with every body prefix cut to {@code max} bytes; the same object when nothing is longer. */
    public static HttpExchange limit(HttpExchange x, int max) {
        boolean longer = longer(x.request() == null ? null : x.request().bodyPrefix(), max)
                || x.response() != null && longer(x.response().bodyPrefix(), max);
        for (HttpResponse r : x.interim()) {
            longer |= longer(r.bodyPrefix(), max);
        }
        if (!longer) {
            return x;
        }
        HttpRequest q = x.request();
        HttpRequest request = q == null ? null : new HttpRequest(q.method(), q.target(), q.version(), q.headers(),
                q.trailers(), q.firstByteNanos(), q.headEndNanos(), q.lastByteNanos(), q.headBytes(), q.bodyBytes(),
                cut(q.bodyPrefix(), max), q.framing(), q.complete());
        List<HttpResponse> interim = x.interim().stream().map(r -> response(r, max)).toList();
        return new HttpExchange(x.id(), x.connectionId(), x.sequence(), request, interim, response(x.response(), max),
                x.switchedTo());
    }

    private static HttpResponse response(HttpResponse r, int max) {
        return r == null ? null : new HttpResponse(r.version(), r.status(), r.reason(), r.headers(), r.trailers(),
                r.firstByteNanos(), r.headEndNanos(), r.lastByteNanos(), r.headBytes(), r.bodyBytes(),
                cut(r.bodyPrefix(), max), r.framing(), r.complete());
    }

    private static boolean longer(byte[] b, int max) {
        return b != null && b.length > max;
    }

    private static byte[] cut(byte[] b, int max) {
        return b == null || b.length <= max ? b : Arrays.copyOf(b, max);
    }
}
