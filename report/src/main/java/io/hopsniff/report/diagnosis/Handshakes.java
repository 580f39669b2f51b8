package io.hopsniff.report.diagnosis;

import io.hopsniff.decoder.http.HttpRequest;
import io.hopsniff.decoder.http.HttpResponse;
import io.hopsniff.decoder.ws.WebSocketHandshake;
import io.hopsniff.decoder.ws.WebSocketSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Pure checks of WebSocket handshakes (RFC 6455 §4) and of the answers uvicorn/FastAPI give to them. */
public final class Handshakes {

    /** The request fields a WebSocket upgrade needs (RFC 6455 §4.1), as evidence quotes them. */
    static final List<String> UPGRADE_FIELDS = List.of("Upgrade", "Connection", "Sec-WebSocket-Key",
            "Sec-WebSocket-Version");

    /** RFC 6455 §1.3. */
    public static final String GUID = WebSocketHandshake.GUID;

    private Handshakes() {
    }

    /** How a request/answer pair reads as a WebSocket handshake; each kind belongs to one rule. */
    public enum Kind {
        /** No Upgrade/Sec-WebSocket-* at all, or a CONNECT / PRI (their own rules). */
        NOT_WEBSOCKET,
        /** Sec-WebSocket-* (or Upgrade) present but Upgrade: websocket or Connection: upgrade missing. */
        STRIPPED,
        /** Upgrade headers intact but key or version missing/malformed. */
        INVALID,
        /** Well-formed, no answer. */
        UNANSWERED,
        /** 101 whose Accept/Upgrade/Connection is wrong. */
        UPGRADED_BAD,
        /** 101 done right. */
        UPGRADED,
        /** 403 with an empty body. */
        FORBIDDEN_EMPTY,
        /** An answer a plain HTTP stack gives: 404, 405, 2xx, uvicorn's "Unsupported upgrade"/"No supported" 400. */
        HTTP_SHAPED,
        /** Any other refusal. */
        OTHER
    }

    public static Kind classify(HttpRequest request, HttpResponse response) {
        return classify(request, response, null);
    }

    /** With the session that followed a 101, or null when none was decoded (see {@link #acceptProblems}). */
    public static Kind classify(HttpRequest request, HttpResponse response, WebSocketSession websocket) {
        if (WebSocketHandshake.overHttp2(request)) {
            return overHttp2(response);
        }
        if (request == null || !isWebSocketAttempt(request)) {
            return Kind.NOT_WEBSOCKET;
        }
        if (!request.fields().hasToken("Upgrade", "websocket") || !request.fields().hasToken("Connection", "upgrade")) {
            return Kind.STRIPPED;
        }
        if (keyProblem(request) != null || versionProblem(request) != null) {
            return Kind.INVALID;
        }
        if (response == null) {
            return Kind.UNANSWERED;
        }
        if (response.status() == 101) {
            return acceptProblems(request, response, websocket, v -> v).isEmpty() ? Kind.UPGRADED : Kind.UPGRADED_BAD;
        }
        if (response.status() == 403 && response.bodyBytes() == 0) {
            return Kind.FORBIDDEN_EMPTY;
        }
        return httpShaped(response) ? Kind.HTTP_SHAPED : Kind.OTHER;
    }

    /**
     * An RFC 8441 handshake (an extended CONNECT for {@code websocket} on an HTTP/2 stream): a 2xx opens the
     * WebSocket (§5: no Sec-WebSocket-Accept, the stream replaces what the key guarded); refusals read as HTTP/1's do.
     */
    private static Kind overHttp2(HttpResponse response) {
        if (response == null) {
            return Kind.UNANSWERED;
        }
        if (response.status() >= 200 && response.status() < 300) {
            return Kind.UPGRADED;
        }
        if (response.status() == 403 && response.bodyBytes() == 0) {
            return Kind.FORBIDDEN_EMPTY;
        }
        return httpShaped(response) ? Kind.HTTP_SHAPED : Kind.OTHER;
    }

    /** How {@code x}'s handshake switched, as verdicts say it: {@code http1} after a 101, RFC 8441's 2xx on HTTP/2. */
    static String switched(ExchangeFact x, String http1) {
        HttpResponse r = x.exchange().response();
        return r != null && WebSocketHandshake.overHttp2(x.exchange().request())
                ? r.status() + " to its extended CONNECT (RFC 8441: a WebSocket on an HTTP/2 stream, no Sec-WebSocket-Accept)"
                : http1;
    }

    /** A GET-like request carrying Upgrade: websocket or any Sec-WebSocket-* field (CONNECT and PRI excluded). */
    public static boolean isWebSocketAttempt(HttpRequest r) {
        return io.hopsniff.decoder.ws.WebSocketHandshake.requestsWebSocket(r); // the decoder's definition, not a second one
    }

    /** Any sign of wanting another protocol: Upgrade, Sec-WebSocket-*, CONNECT, or the HTTP/2 preface. */
    public static boolean isUpgradeAttempt(HttpRequest r) {
        return isConnect(r) || isPreface(r) || r.fields().first("Upgrade") != null || io.hopsniff.decoder.ws.WebSocketHandshake.hasSecWebSocket(r.headers());
    }

    public static boolean isConnect(HttpRequest r) {
        return "CONNECT".equalsIgnoreCase(r.method());
    }

    /** The HTTP/2 connection preface as an HTTP/1 parser reads it (RFC 9113 §3.4). */
    public static boolean isPreface(HttpRequest r) {
        return "PRI".equals(r.method()) && "*".equals(r.target()) && "HTTP/2.0".equals(r.version());
    }

    /** What is wrong with Sec-WebSocket-Key (RFC 6455 §4.1 item 7: base64 of 16 bytes), or null. */
    public static String keyProblem(HttpRequest r) {
        List<String> keys = r.fields().all("Sec-WebSocket-Key");
        if (keys.isEmpty()) {
            return "no Sec-WebSocket-Key";
        }
        if (keys.size() > 1) {
            return keys.size() + " Sec-WebSocket-Key fields";
        }
        String key = keys.get(0);
        try {
            if (key.length() == 24 && Base64.getDecoder().decode(key).length == 16) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            // falls through: not base64
        }
        return "Sec-WebSocket-Key: " + key + " (not the base64 of 16 bytes)";
    }

    /** What is wrong with Sec-WebSocket-Version (RFC 6455 §4.1 item 9: 13), or null. */
    public static String versionProblem(HttpRequest r) {
        List<String> versions = r.fields().all("Sec-WebSocket-Version");
        if (versions.isEmpty()) {
            return "no Sec-WebSocket-Version";
        }
        if (versions.size() == 1 && versions.get(0).trim().equals("13")) {
            return null;
        }
        return "Sec-WebSocket-Version: " + String.join(", ", versions) + " (not 13)";
    }

    /** base64(SHA-1(key + GUID)), RFC 6455 §4.2.2 step 5.4: the decoder's computation, over the key's bytes as sent. */
    public static String expectedAccept(String key) {
        return WebSocketHandshake.acceptFor(key);
    }

    /**
     * What a client refuses in a 101 to a WebSocket request: Accept, Upgrade, Connection (RFC 6455 §4.1 steps 2-4),
     * a subprotocol or extension it did not offer (steps 5-6); empty when nothing. Also a 101 that selects none of
     * the subprotocols the client offered: RFC 6455 allows it, but the WHATWG WebSockets standard that browsers
     * follow establishes a page's connection only if the server selected one (Chromium 156 in
     * samples/lab-subprotocol-ignored: "Sent non-empty 'Sec-WebSocket-Protocol' header but no response was
     * received"; the ws library for Node.js does the same by default) — unless the
     * session shows the client went on sending data frames, so this client took it. {@code shown} writes a
     * subprotocol value into the text (a redactor: clients carry tokens in Sec-WebSocket-Protocol).
     */
    public static List<String> acceptProblems(HttpRequest request, HttpResponse response, WebSocketSession websocket,
                                              UnaryOperator<String> shown) {
        List<String> problems = new ArrayList<>(2);
        String key = request.fields().first("Sec-WebSocket-Key");
        String accept = response.fields().first("Sec-WebSocket-Accept");
        if (accept == null) {
            problems.add("it has no Sec-WebSocket-Accept");
        } else if (key != null && !accept.trim().equals(expectedAccept(key))) {
            problems.add("Sec-WebSocket-Accept is " + accept.trim() + ", expected " + expectedAccept(key)
                    + " for key " + key.trim());
        }
        if (!response.fields().hasToken("Upgrade", "websocket")) {
            String up = response.fields().first("Upgrade");
            problems.add(up == null ? "it has no Upgrade: websocket" : "its Upgrade is " + up + ", not websocket");
        }
        if (!response.fields().hasToken("Connection", "upgrade")) {
            problems.add("it has no Connection: Upgrade");
        }
        List<String> offered = request.fields().elements("Sec-WebSocket-Protocol");
        List<String> selected = response.fields().elements("Sec-WebSocket-Protocol");
        String unoffered = WebSocketHandshake.unofferedSubprotocol(request.headers(), response.headers());
        if (unoffered != null) {
            problems.add("it selects subprotocol " + shown.apply(unoffered) + ", which the client did not offer"
                    + (offered.isEmpty() ? "" : " (it offered " + shown.apply(String.join(", ", offered)) + ")"));
        } else if (selected.size() > 1) {
            problems.add("it selects " + selected.size() + " subprotocols (" + shown.apply(String.join(", ", selected))
                    + "), not one");
        } else if (!offered.isEmpty() && selected.isEmpty() && !clientSentData(websocket)) {
            problems.add("it selects none of the subprotocols the client offered ("
                    + shown.apply(String.join(", ", offered)) + "), which browsers refuse");
        }
        String extension = WebSocketHandshake.unofferedExtension(request.headers(), response.headers());
        if (extension != null) {
            problems.add("it accepts extension " + extension + ", which the client did not offer");
        }
        return problems;
    }

    /** The client sent frames other than a close after the 101: it did not fail the connection. */
    static boolean clientSentData(WebSocketSession s) {
        return s != null && WebSocketEnds.nonCloseFrames(s.c2s()) > 0;
    }

    /**
     * An answer a plain HTTP stack gives to a request it did not treat as a WebSocket: uvicorn's own 400 texts
     * (§2.2 of the reference), a 404/405 (FastAPI route miss), a 2xx from an HTTP route, or a text/plain 400
     * without a websockets {@code Server:} (uvicorn 0.17.6 {@code --ws none} when the body was not captured).
     */
    static boolean httpShaped(HttpResponse response) {
        String body = body(response);
        if (body != null && (body.contains("Unsupported upgrade request") || body.contains("No supported WebSocket library"))) {
            return true;
        }
        if (body != null && body.startsWith("Failed to open a WebSocket connection")) {
            return false; // the websockets library itself refused: it is installed
        }
        int s = response.status();
        if (s == 404 || s == 405 || s >= 200 && s < 300) {
            return true;
        }
        String server = response.fields().first("Server");
        String type = response.fields().first("Content-Type");
        return s == 400 && body == null && response.bodyBytes() > 0 && server == null
                && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/plain");
    }

    /** Runs of control characters and undecodable bytes in a body, shown as one space (compiled once). */
    private static final Pattern CONTROLS = Pattern.compile("[\\p{Cntrl}\\uFFFD]+");

    /** The body's first bytes as one line of text (controls shown as spaces), or null when none were kept. */
    public static String body(HttpResponse response) {
        byte[] b = response.bodyPrefix();
        if (b == null || b.length == 0) {
            return null;
        }
        String s = CONTROLS.matcher(new String(b, StandardCharsets.UTF_8)).replaceAll(" ").trim();
        return s.length() <= 100 ? s : s.substring(0, 99) + "…";
    }

    /** A target's path: query and fragment removed. */
    public static String path(String target) {
        int cut = target.length();
        int q = target.indexOf('?');
        int h = target.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        return target.substring(0, cut);
    }

    /** RFC 9112 §3.2 request-target form of a CONNECT target. */
    public static String targetForm(String target) {
        if (target.startsWith("/")) {
            return "origin-form";
        }
        if (target.equals("*")) {
            return "asterisk-form";
        }
        if (target.contains("://")) {
            return "absolute-form";
        }
        return "authority-form";
    }
}
