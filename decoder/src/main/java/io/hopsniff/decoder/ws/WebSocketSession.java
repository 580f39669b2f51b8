package io.hopsniff.decoder.ws;

import java.util.List;

/**
 * One WebSocket after its 101, from the frames on the wire.
 *
 * @param c2s, s2c                 what each side sent
 * @param subprotocol              Sec-WebSocket-Protocol accepted by the server, or null
 * @param extensions               Sec-WebSocket-Extensions accepted by the server, or null
 * @param closedBy                 "client", "server" (who sent the first close frame) or "none"
 * @param closeHandshakeCompleted  both sides sent a close frame
 * @param end                      how it ended: "close" (close handshake, then TCP close), "fin-without-close",
 *                                 "rst", "capture-end" (still open), "evicted", "idle-timeout"
 * @param endedBy                  who ended the TCP connection: "client", "server" or "unknown"
 * @param idleBeforeEndNanos       time from the last frame to the end of the connection
 * @param undecodable              true when framing was lost (a gap, a protocol violation) and frames after it
 *                                 were counted as bytes only
 * @param violations               frames a conforming receiver fails the connection on, first first; empty when none
 */
public record WebSocketSession(WebSocketDirection c2s, WebSocketDirection s2c, String subprotocol, String extensions,
                               String closedBy, boolean closeHandshakeCompleted, String end, String endedBy,
                               long idleBeforeEndNanos, boolean undecodable, List<WsViolation> violations) {

    public WebSocketSession {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** A session whose frames broke no rule a receiver fails the connection on. */
    public WebSocketSession(WebSocketDirection c2s, WebSocketDirection s2c, String subprotocol, String extensions,
                            String closedBy, boolean closeHandshakeCompleted, String end, String endedBy,
                            long idleBeforeEndNanos, boolean undecodable) {
        this(c2s, s2c, subprotocol, extensions, closedBy, closeHandshakeCompleted, end, endedBy, idleBeforeEndNanos,
                undecodable, List.of());
    }
}
