package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SortedMap;

/**
 * The WebSocket that followed a 101, from its frames.
 *
 * @param closedBy                who sent the first close frame: "client", "server" or "none"
 * @param end                     "close", "fin-without-close", "rst", "capture-end", "evicted", "idle-timeout"
 * @param endedBy                 who ended the TCP connection: "client", "server" or "unknown"
 * @param messages                payload prefixes, only with --ws-payload-bytes, redacted like bodies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebSocketJson(Side c2s, Side s2c, String subprotocol, String extensions, String closedBy,
                            boolean closeHandshakeCompleted, String end, String endedBy, double idleBeforeEndMs,
                            boolean undecodable, List<Message> messages) {

    /**
     * What one side sent. {@code opcodes} always has text, binary, continuation, close, ping and pong;
     * {@code largestMessageBytes} is its largest message as its receiver's size limit counts it (inflated when
     * compressed), with its size on the wire, both absent when no message's size is known.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Side(long frames, long bytes, long messages, SortedMap<String, Long> opcodes, Integer closeCode,
                       String closeReason, TimeJson firstFrame, TimeJson lastFrame, Long largestMessageBytes,
                       Long largestMessageWireBytes) {
    }

    /** A kept message prefix: UTF-8 text when it decodes, else base64. */
    public record Message(String direction, TimeJson time, String opcode, long wireBytes, boolean compressed,
                          boolean complete, String encoding, String data) {
    }
}
