package io.hopsniff.report;

import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.session.ExchangeContext;
import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.report.json.MessageJson;
import io.hopsniff.report.json.TimeJson;
import io.hopsniff.report.json.TransactionJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Turns decoder exchanges into their report form, redacting on the way. */
final class TransactionMapper {

    private final Redactor redactor;

    TransactionMapper(Redactor redactor) {
        this.redactor = redactor;
    }

    TransactionJson map(HttpExchange exchange, ExchangeContext context, List<String> anomalies) {
        Endpoint client = context.client();
        Endpoint server = context.server();
        Long tunnel = context.tunnelOf() == 0 ? null : context.tunnelOf();
        String protocol = context.carriedBy().label();
        HttpRequest request = exchange.request();
        HttpResponse response = exchange.response();
        List<MessageJson> interim = new ArrayList<>(exchange.interim().size());
        for (HttpResponse r : exchange.interim()) {
            interim.add(response(r));
        }
        Double latency = null;
        Double duration = null;
        if (request != null && response != null && response.firstByteNanos() != 0) {
            latency = Times.millis(Math.max(0, response.firstByteNanos() - request.sentNanos()));
            duration = Times.millis(Math.max(0, response.lastByteNanos() - request.firstByteNanos()));
        }
        return new TransactionJson(exchange.id(), exchange.connectionId(), exchange.sequence(), protocol,
                client.toString(), server.toString(),
                request == null ? null : request(request), interim.isEmpty() ? null : interim,
                response == null ? null : response(response), latency, duration, upgrade(exchange), tunnel,
                WebSocketMapper.map(context, redactor),
                anomalies.isEmpty() ? null : anomalies);
    }

    /** What the decoder switched to with this exchange: its decision, not a second one made here. */
    static String upgrade(HttpExchange exchange) {
        return exchange.switchedTo();
    }

    private MessageJson request(HttpRequest r) {
        return new MessageJson(r.method(), redactor.target(r.target()), null, null, r.version(),
                pairs(redactor.headers(r.headers())), trailers(r.trailers()),
                TimeJson.of(r.firstByteNanos()), TimeJson.of(r.headEndNanos()), TimeJson.of(r.lastByteNanos()),
                r.headBytes(), r.bodyBytes(), r.framing().reportName(), r.complete(), prefix(r.bodyPrefix()));
    }

    private MessageJson response(HttpResponse r) {
        return new MessageJson(null, null, r.status(), r.reason(), r.version(),
                pairs(redactor.headers(r.headers())), trailers(r.trailers()),
                TimeJson.of(r.firstByteNanos()), TimeJson.of(r.headEndNanos()), TimeJson.of(r.lastByteNanos()),
                r.headBytes(), r.bodyBytes(), r.framing().reportName(), r.complete(), prefix(r.bodyPrefix()));
    }

    private List<List<String>> trailers(List<HttpHeader> trailers) {
        return trailers == null || trailers.isEmpty() ? null : pairs(redactor.headers(trailers));
    }

    private static List<List<String>> pairs(List<HttpHeader> headers) {
        List<List<String>> out = new ArrayList<>(headers.size());
        for (HttpHeader h : headers) {
            out.add(List.of(h.name(), h.value()));
        }
        return out;
    }

    private MessageJson.BodyPrefixJson prefix(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        return prefixOf(bytes, redactor);
    }

    /**
     * UTF-8 text (redacted like bodies when a redactor is given) when it decodes and has few control characters, a
     * character cut by the prefix's end left out; else base64. Redaction never falls back to the raw bytes: binary
     * is redacted as Latin-1 text (each byte one character, so the patterns see every ASCII run) before it is
     * encoded.
     */
    static MessageJson.BodyPrefixJson prefixOf(byte[] bytes, Redactor redactor) {
        int whole = bytes.length - cutCharacter(bytes);
        if (!tooManyControls(bytes, whole)) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, whole)).toString();
                return new MessageJson.BodyPrefixJson("utf-8", redactor == null ? text : redactor.text(text),
                        bytes.length);
            } catch (CharacterCodingException e) {
                // not UTF-8: binary, below
            }
        }
        byte[] shown = bytes;
        if (redactor != null && redactor.enabled()) {
            shown = redactor.text(new String(bytes, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        }
        return new MessageJson.BodyPrefixJson("base64", Base64.getEncoder().encodeToString(shown), bytes.length);
    }

    /**
     * True when more than one in 32 of the first {@code n} bytes (plus one: a STOMP frame ends in a NUL) are control
     * characters — C0 other than TAB, LF and CR, or DEL: binary, not text. As text each would be a six-byte JSON
     * escape; base64 costs a third more whatever the bytes.
     */
    private static boolean tooManyControls(byte[] b, int n) {
        int allowed = 1 + n / 32;
        for (int i = 0; i < n; i++) {
            int c = b[i];
            if ((c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) && --allowed < 0) {
                return true;
            }
        }
        return false;
    }

    /** How many bytes at the end start a UTF-8 character the prefix cut (0 to 3). */
    private static int cutCharacter(byte[] b) {
        for (int back = 1; back <= Math.min(3, b.length); back++) {
            int c = b[b.length - back] & 0xFF;
            if ((c & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for the lead byte
            }
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > back ? back : 0;
        }
        return 0;
    }
}
