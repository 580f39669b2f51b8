package io.hopsniff.report.correlation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One backend exchange and the front exchange that caused it.
 *
 * @param front            the front-leg transaction id; null when the front leg is TLS (only its connection is known)
 * @param backend          the backend-leg transaction id
 * @param frontConnection  the front-leg connection id
 * @param backendConnection the backend-leg connection id
 * @param confidence       0..1: how sure the match is
 * @param reason           which signals agreed (and which were unavailable)
 * @param target           the request targets when the proxy rewrote it, else null
 * @param headerDiff       request headers front → backend; null for a TLS front leg
 * @param responseHeaderDiff response headers backend → front (what the proxy changed on the way back); null unless
 *                         both sides answered
 * @param websocket        for a WebSocket handshake: whether it switched on each side and whether the key changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CorrelationJson(Long front, long backend, long frontConnection, long backendConnection,
                              double confidence, String reason, TargetJson target, HeaderDiffJson headerDiff,
                              StatusJson status, LatencyJson latencyMs, WebSocketPairJson websocket,
                              HeaderDiffJson responseHeaderDiff) {

    /** The request target each side saw. */
    public record TargetJson(String front, String backend) {
    }

    /** The final status each side saw (null: no response). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusJson(Integer front, Integer backend) {
    }

    /**
     * Waiting times, request end → response start: what the client waited ({@code front}), what the backend took
     * ({@code backend}), and the rest ({@code proxy_overhead}). Null when a side got no response.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LatencyJson(Double front, Double backend, Double proxyOverhead) {
    }

    /**
     * @param backendSwitched the backend answered 101
     * @param reachedClient   the client got a 101 too
     * @param keyRegenerated  the proxy sent the backend another Sec-WebSocket-Key than the client's
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebSocketPairJson(boolean backendSwitched, Boolean reachedClient, Boolean keyRegenerated) {
    }
}
