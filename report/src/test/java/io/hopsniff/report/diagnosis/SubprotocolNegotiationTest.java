package io.hopsniff.report.diagnosis;

import static io.hopsniff.report.diagnosis.Diag.handshake;
import static io.hopsniff.report.diagnosis.Diag.has;
import static io.hopsniff.report.diagnosis.Diag.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.ws.WebSocketDirection;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A 101 with a correct Accept can still be one the client refuses: RFC 6455 §4.1 steps 5-6 (a subprotocol or an
 * extension it did not offer), and what Chromium 156 refuses beyond the RFC, seen here with a real page
 * (scripts/lab.d tools): "Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received" for a 101
 * that selects none of the subprotocols the page asked for.
 */
class SubprotocolNegotiationTest {

    /** RFC 6455 §1.3's 101 for the key of {@link Diag#handshake}, with extra fields. */
    private static HttpResponse switching(String... extra) {
        List<String> lines = new ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        lines.addAll(List.of(extra));
        return response(101, "Switching Protocols", null, lines.toArray(String[]::new));
    }

    private static List<Diagnosis> one(String offered, HttpResponse answer, WebSocketSession ws) {
        Diagnoser d = Diag.diagnoser();
        d.exchange(Diag.exchange(1, 1, handshake("/ws/abc123", "Sec-WebSocket-Protocol: " + offered),
                answer), Diag.context(ws));
        return d.diagnoses();
    }

    private static List<String> ids(List<Diagnosis> out) {
        return out.stream().map(Diagnosis::id).toList();
    }

    /** A session in which the client sent {@code text} text frames and a close, the server 2 text frames. */
    private static WebSocketSession session(long text) {
        Map<String, Long> c2s = new TreeMap<>(Map.of("text", text, "close", 1L));
        return new WebSocketSession(new WebSocketDirection(text + 1, 20, text, new TreeMap<>(c2s), 1000, null,
                1_100_000_000L, 1_200_000_000L), new WebSocketDirection(2, 20, 2, new TreeMap<>(Map.of("text", 2L)),
                null, null, 1_100_000_000L, 1_200_000_000L), null, null, "client", false, "fin-without-close",
                "client", 0, false);
    }

    @Test
    void noSubprotocolSelectedIsWhatBrowsersRefuse() {
        List<Diagnosis> out = one("chat", switching(), null);
        Diagnosis d = has(out, DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(d.verdict()).contains("selects none of the subprotocols the client offered (chat), which browsers"
                + " refuse");
        assertThat(d.causes().get(0)).startsWith("the app accepts the WebSocket without selecting");
        assertThat(d.evidence()).anyMatch(l -> l.contains("Sec-WebSocket-Protocol: chat"));
        assertThat(ids(out)).doesNotContain("DIAG_WEBSOCKET_OK", "DIAG_WEBSOCKET_UPGRADED");
    }

    @Test
    void aClientThatWentOnSendingTookIt() {
        // RFC 6455 allows a server to select none; a client that sent data frames after the 101 did not refuse it
        List<Diagnosis> out = one("chat", switching(), session(3));
        assertThat(ids(out)).doesNotContain("DIAG_UPGRADE_ACCEPT_MISMATCH");
        // ... but one that only closed did
        assertThat(ids(one("chat", switching(), session(0)))).contains("DIAG_UPGRADE_ACCEPT_MISMATCH");
    }

    @Test
    void anUnofferedSubprotocolOrExtensionIsRefusedByTheRfc() {
        Diagnosis p = has(one("chat", switching("Sec-WebSocket-Protocol: superchat"), session(3)),
                DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(p.verdict()).contains("selects subprotocol superchat, which the client did not offer (it offered chat)");
        Diagnosis two = has(one("chat, superchat", switching("Sec-WebSocket-Protocol: chat, superchat"), null),
                DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(two.verdict()).contains("selects 2 subprotocols (chat, superchat), not one");
        Diagnosis e = has(one("chat", switching("Sec-WebSocket-Protocol: chat",
                "Sec-WebSocket-Extensions: x-webkit-deflate-frame"), null), DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(e.verdict()).contains("accepts extension x-webkit-deflate-frame, which the client did not offer");
    }

    @Test
    void aTokenCarriedAsASubprotocolIsNotQuoted() {
        // Kubernetes' WebSocket clients carry the bearer token as a subprotocol; others put a JWT there
        String token = "base64url.bearer.authorization.k8s.io.ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNkluZzJR";
        Diagnosis d = has(one("v4.channel.k8s.io, " + token, switching(), null), DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH);
        assertThat(String.join("\n", d.verdict(), String.join("\n", d.evidence()))).doesNotContain("ZXlKaGJHY2lPaUpTVXpJMU5p")
                .contains("selects none of the subprotocols the client offered (v4.channel.k8s.io, ");
    }

    @Test
    void theOfferedSubprotocolSelectedIsARightHandshake() {
        List<Diagnosis> out = one("chat", switching("Sec-WebSocket-Protocol: chat"), null);
        assertThat(ids(out)).doesNotContain("DIAG_UPGRADE_ACCEPT_MISMATCH").contains("DIAG_WEBSOCKET_UPGRADED");
    }
}
