package io.hopsniff.decoder.ws;

import io.hopsniff.decoder.http.Headers;

import io.hopsniff.decoder.anomaly.Anomaly;
import io.hopsniff.decoder.anomaly.AnomalySink;
import io.hopsniff.decoder.anomaly.AnomalyType;
import io.hopsniff.decoder.http.HttpExchange;
import io.hopsniff.decoder.http.HttpHeader;
import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The opening-handshake checks of RFC 6455 §4.1 (client) and §4.2 (server). Where Netty's upgrade handler
 * answers a bare {@code false}, every "no" here has its own anomaly id, with the exchange id as transaction id
 * and a detail {@code expected=…, found=…}.
 */
public final class WebSocketHandshake {

    /** RFC 6455 §1.3. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {
    }

    /**
     * Checks {@code e} when its request asks for a WebSocket; does nothing for any other exchange. Never throws
     * on odd input (null request, null response, duplicate fields).
     */
    public static void check(HttpExchange e, long connectionId, AnomalySink sink, long timestampNanos) {
        if (e == null || e.request() == null || sink == null || !requestsWebSocket(e.request())) {
            return;
        }
        Reporter out = new Reporter(sink, timestampNanos, connectionId, e.id());
        HttpRequest rq = e.request();
        List<HttpHeader> q = rq.headers();

        if (!"GET".equals(rq.method())) {
            out.report(AnomalyType.WS_METHOD_NOT_GET, "expected=GET, found=" + rq.method());
        }
        if (!atLeastHttp11(rq.version())) {
            out.report(AnomalyType.WS_HTTP10_UPGRADE, "expected=HTTP/1.1, found=" + rq.version());
        }
        if (!Headers.of(q).hasToken("Upgrade", "websocket")) {
            out.report(AnomalyType.WS_UPGRADE_TOKEN_MISSING,
                    "expected=Upgrade: websocket, found=" + shown(Headers.of(q).joined("Upgrade")));
        }
        if (!Headers.of(q).hasToken("Connection", "upgrade")) {
            out.report(AnomalyType.WS_CONNECTION_TOKEN_MISSING,
                    "expected=Connection: upgrade, found=" + shown(Headers.of(q).joined("Connection")));
        }
        if (Headers.of(q).count("Host") == 0) {
            out.report(AnomalyType.WS_HOST_MISSING, "expected=Host, found=absent");
        }
        String key = Headers.of(q).joined("Sec-WebSocket-Key");
        int keys = Headers.of(q).count("Sec-WebSocket-Key");
        if (key == null) {
            out.report(AnomalyType.WS_KEY_MISSING, "expected=Sec-WebSocket-Key, found=absent");
        } else if (keys != 1 || !isValidKey(key)) {
            out.report(AnomalyType.WS_KEY_INVALID, "expected=base64 of 16 bytes, found="
                    + (keys != 1 ? keys + " fields" : shown(key)));
        }
        String version = Headers.of(q).joined("Sec-WebSocket-Version");
        if (version == null) {
            out.report(AnomalyType.WS_VERSION_MISSING, "expected=13, found=absent");
        } else if (!version.equals("13")) {
            out.report(AnomalyType.WS_VERSION_UNSUPPORTED, "expected=13, found=" + shown(version));
        }
        boolean wellFormed = out.count == 0;

        HttpResponse rs = e.response();
        if (rs == null) {
            return;
        }
        if (rs.status() != 101) {
            if (wellFormed) {
                out.report(AnomalyType.WS_HANDSHAKE_REFUSED, "expected=101, found=" + rs.status());
            }
            return;
        }
        checkSwitch(rs.headers(), q, key, keys, out);
    }

    private static void checkSwitch(List<HttpHeader> r, List<HttpHeader> q, String key, int keys, Reporter out) {
        if (!Headers.of(r).hasToken("Upgrade", "websocket")) {
            out.report(AnomalyType.WS_101_UPGRADE_TOKEN_MISSING,
                    "expected=Upgrade: websocket, found=" + shown(Headers.of(r).joined("Upgrade")));
        }
        if (!Headers.of(r).hasToken("Connection", "upgrade")) {
            out.report(AnomalyType.WS_101_CONNECTION_TOKEN_MISSING,
                    "expected=Connection: upgrade, found=" + shown(Headers.of(r).joined("Connection")));
        }
        String accept = Headers.of(r).joined("Sec-WebSocket-Accept");
        if (accept == null) {
            out.report(AnomalyType.WS_ACCEPT_MISSING, "expected=Sec-WebSocket-Accept, found=absent");
        } else if (key != null && keys == 1) {
            String expected = acceptFor(key);
            if (!expected.equals(accept)) {
                out.report(AnomalyType.WS_ACCEPT_MISMATCH, "expected=" + expected + ", found=" + shown(accept));
            }
        }
        List<String> offered = Headers.of(q).elements("Sec-WebSocket-Protocol");
        List<String> accepted = Headers.of(r).elements("Sec-WebSocket-Protocol");
        String unoffered = unofferedSubprotocol(q, r);
        if (unoffered != null) {
            out.report(AnomalyType.WS_SUBPROTOCOL_NOT_OFFERED, "expected=one of " + offered + ", found=" + shown(unoffered));
        } else if (accepted.size() > 1) {
            out.report(AnomalyType.WS_SUBPROTOCOL_NOT_OFFERED, "expected=one subprotocol, found=" + accepted);
        }
        String extension = unofferedExtension(q, r);
        if (extension != null) {
            out.report(AnomalyType.WS_EXTENSION_NOT_OFFERED, "expected=one of " + WsHeaders.extensionNames(
                    Headers.of(q).elements("Sec-WebSocket-Extensions")).stream().sorted().distinct().toList()
                    + ", found=" + shown(extension));
        }
    }

    /**
     * The first subprotocol a response selects that its request did not offer (names are case-sensitive, RFC 6455
     * §11.5), or null: the client must fail the connection on it (§4.1, step 6).
     */
    public static String unofferedSubprotocol(List<HttpHeader> request, List<HttpHeader> response) {
        List<String> offered = Headers.of(request).elements("Sec-WebSocket-Protocol");
        for (String p : Headers.of(response).elements("Sec-WebSocket-Protocol")) {
            if (!offered.contains(p)) {
                return p;
            }
        }
        return null;
    }

    /** The first extension a response accepts that its request did not offer, or null (RFC 6455 §4.1, step 5). */
    public static String unofferedExtension(List<HttpHeader> request, List<HttpHeader> response) {
        Set<String> offered = new HashSet<>(WsHeaders.extensionNames(Headers.of(request).elements("Sec-WebSocket-Extensions")));
        for (String name : WsHeaders.extensionNames(Headers.of(response).elements("Sec-WebSocket-Extensions"))) {
            if (!offered.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /**
     * The one definition of a WebSocket attempt, for the decoder and the diagnosis alike: a request (not CONNECT, not
     * the HTTP/2 preface read as {@code PRI *}) with an Upgrade token "websocket" or any Sec-WebSocket-* field. A
     * proxy that strips the hop-by-hop Upgrade/Connection leaves the Sec-WebSocket-* fields: still an attempt.
     */
    public static boolean requestsWebSocket(HttpRequest rq) {
        if (rq == null || "CONNECT".equalsIgnoreCase(rq.method())
                || "PRI".equals(rq.method()) && "*".equals(rq.target()) && "HTTP/2.0".equals(rq.version())) {
            return false;
        }
        return rq.fields().hasToken("Upgrade", "websocket") || hasSecWebSocket(rq.headers());
    }

    /**
     * An RFC 8441 opening handshake: an HTTP/2 (or HTTP/3, RFC 9220) extended CONNECT whose {@code :protocol} is the
     * Upgrade token {@code websocket} (§4, §5; tokens compare case-insensitively, RFC 9110 §7.8). It has no
     * Upgrade, Connection, Sec-WebSocket-Key or -Accept: a 2xx answer opens the WebSocket on the stream.
     */
    public static boolean overHttp2(String method, String protocol) {
        return "CONNECT".equals(method) && "websocket".equalsIgnoreCase(protocol);
    }

    /** {@link #overHttp2(String, String)} for a request record: an extended CONNECT carried by HTTP/2. */
    public static boolean overHttp2(HttpRequest rq) {
        return rq != null && "HTTP/2".equals(rq.version()) && overHttp2(rq.method(), rq.fields().first(":protocol"));
    }

    /** Whether any field is a Sec-WebSocket-* field (RFC 6455 §11.3). */
    public static boolean hasSecWebSocket(List<HttpHeader> headers) {
        for (HttpHeader h : headers) {
            if (h.name().regionMatches(true, 0, "Sec-WebSocket-", 0, 14)) {
                return true;
            }
        }
        return false;
    }

    /** A key and its accept value. */
    private record Accept(String key, String value) {
    }

    /**
     * The last key asked about: the handshake check and the handshake facts of one upgrade both ask, one after the
     * other (a race between threads only computes it again).
     */
    private static volatile Accept last = new Accept("", "");

    /** base64(SHA-1(key + GUID)) for the key as sent (RFC 6455 §4.2.2 step 5.4). */
    public static String acceptFor(String key) {
        Accept a = last;
        if (a.key().equals(key)) {
            return a.value();
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key.trim() + GUID).getBytes(StandardCharsets.ISO_8859_1));
            String value = Base64.getEncoder().encodeToString(digest);
            last = new Accept(key, value);
            return value;
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform must support SHA-1", ex);
        }
    }

    /** A base64 encoding (RFC 4648 §4, padded) of exactly 16 bytes: 22 alphabet characters and "==". */
    public static boolean isValidKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.trim();
        if (k.length() != 24 || k.charAt(22) != '=' || k.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = k.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean atLeastHttp11(String version) {
        if (version == null || !version.startsWith("HTTP/") || version.length() < 8) {
            return false;
        }
        char major = version.charAt(5);
        char minor = version.charAt(7);
        return major > '1' || (major == '1' && minor >= '1');
    }

    private static String shown(String value) {
        if (value == null) {
            return "absent";
        }
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    /** Counts what it reports, so "well-formed" means "no request-side anomaly". */
    private static final class Reporter {
        private final AnomalySink sink;
        private final long ts;
        private final long connectionId;
        private final long transactionId;
        private final int[] byType = new int[AnomalyType.values().length];
        int count;

        Reporter(AnomalySink sink, long ts, long connectionId, long transactionId) {
            this.sink = sink;
            this.ts = ts;
            this.connectionId = connectionId;
            this.transactionId = transactionId;
        }

        void report(AnomalyType type, String detail) {
            count++;
            byType[type.ordinal()]++;
            sink.report(new Anomaly(type, ts, connectionId, transactionId, detail));
        }

        int reported(AnomalyType type) {
            return byType[type.ordinal()];
        }
    }
}
