package io.hopsniff.decoder.http;

import java.util.List;

/**
 * A request paired with what the server answered, in connection order.
 *
 * @param id           unique across the whole analysis (1, 2, 3, ... in completion order)
 * @param connectionId the connection that carried it
 * @param sequence     zero-based position of this exchange on its connection
 * @param request      null when a response arrived with no request seen (mid-stream start, gap)
 * @param interim      1xx responses before the final one (100 Continue, 103 Early Hints), in order
 * @param response     the final response, or null when none came before the connection or capture ended
 * @param switchedTo   what the decoder switched the connection (or stream) to with this exchange, as it decided it:
 *                     the first {@code Upgrade} token lower-cased ("websocket", "h2c"; "unknown" without one), or
 *                     "connect" for a tunnel; null when the exchange switched nothing. The report reads this fact
 *                     instead of deciding again.
 */
public record HttpExchange(long id, long connectionId, int sequence, HttpRequest request,
                           List<HttpResponse> interim, HttpResponse response, String switchedTo) {

    /** An exchange that switched nothing. */
    public HttpExchange(long id, long connectionId, int sequence, HttpRequest request, List<HttpResponse> interim,
                        HttpResponse response) {
        this(id, connectionId, sequence, request, interim, response, null);
    }
}
