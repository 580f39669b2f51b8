package io.hopsniff.report;

import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.ws.KeptMessage;
import io.hopsniff.decoder.ws.WebSocketDirection;
import io.hopsniff.decoder.ws.WebSocketSession;
import io.hopsniff.report.json.MessageJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.WebSocketJson;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The report form of a WebSocket session (and its kept messages, when asked for). */
final class WebSocketMapper {

    /** Every opcode name appears in the report, zero or not, so readers need no defaults. */
    private static final List<String> OPCODES = List.of("text", "binary", "continuation", "close", "ping", "pong");

    private WebSocketMapper() {
    }

    /** A session without its kept messages: read on a connection whose handshake was not captured. */
    static WebSocketJson map(WebSocketSession s, Redactor redactor) {
        return s == null ? null : map(new ExchangeContext(null, null, null, 0, s), redactor);
    }

    static WebSocketJson map(ExchangeContext context, Redactor redactor) {
        WebSocketSession s = context.websocket();
        if (s == null) {
            return null;
        }
        List<WebSocketJson.Message> messages = null;
        if (!context.messages().isEmpty()) {
            messages = new ArrayList<>();
            for (ExchangeContext.Message m : context.messages()) {
                KeptMessage k = m.message();
                MessageJson.BodyPrefixJson p = TransactionMapper.prefixOf(k.prefix(), redactor);
                messages.add(new WebSocketJson.Message(m.direction().shortName(), TimeJson.of(k.timestampNanos()),
                        opcode(k.opcode()), k.wireBytes(), k.compressed(), k.complete(), p.encoding(), p.data()));
            }
        }
        return new WebSocketJson(side(s.c2s(), redactor), side(s.s2c(), redactor), s.subprotocol(), s.extensions(), s.closedBy(),
                s.closeHandshakeCompleted(), s.end(), s.endedBy(), Times.millis(s.idleBeforeEndNanos()),
                s.undecodable(), messages);
    }

    private static WebSocketJson.Side side(WebSocketDirection d, Redactor redactor) {
        SortedMap<String, Long> opcodes = new TreeMap<>();
        for (String name : OPCODES) {
            opcodes.put(name, 0L);
        }
        opcodes.putAll(d.opcodes());
        return new WebSocketJson.Side(d.frames(), d.payloadBytes(), d.messages(), opcodes, d.closeCode(),
                redactor.text(d.closeReason()), TimeJson.of(d.firstFrameNanos()), TimeJson.of(d.lastFrameNanos()),
                d.largestMessageBytes(), d.largestMessageWireBytes());
    }

    private static String opcode(int opcode) {
        return switch (opcode) {
            case 0 -> "continuation";
            case 1 -> "text";
            case 2 -> "binary";
            case 8 -> "close";
            case 9 -> "ping";
            case 10 -> "pong";
            default -> "reserved-" + opcode;
        };
    }
}
