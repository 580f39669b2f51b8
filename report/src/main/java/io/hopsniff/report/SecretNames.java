package io.hopsniff.report;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which field, parameter and member names carry credentials, and which header fields are known to be harmless.
 * Fails closed: a name is secret when it contains one of the words below in any case and any encoding
 * ({@code %74oken}, {@code user[password]}, {@code user%5Bpassword%5D}); only the harmless headers listed here
 * are shown without a look at their values.
 */
final class SecretNames {

    /** Words that make a name secret wherever they appear in it. */
    private static final List<String> WORDS = List.of("token", "key", "secret", "pass", "pwd", "sig", "session",
            "sess", "auth", "cred", "jwt", "otp", "csrf", "xsrf", "cookie", "ticket", "bearer", "private", "saml",
            "nonce", "cert");

    /** Whole names (or their last part after _ - . or [) that are secret although they carry no word above. */
    private static final Set<String> NAMES = Set.of("sid", "code", "pin", "ssn", "cvv", "cvc", "state", "jsessionid",
            "phpsessid", "sso", "login_hint", "id_token", "assertion");

    /**
     * Header fields whose values are shown as they are: framing, negotiation, addressing and the WebSocket
     * handshake fields hopsniff's diagnoses quote. Everything else is looked at.
     */
    private static final Set<String> HARMLESS_HEADERS = Set.of("host", "content-type", "content-length",
            "content-encoding", "content-language", "transfer-encoding", "te", "trailer", "upgrade", "connection",
            "keep-alive", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-accept",
            "sec-websocket-key", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port",
            "x-forwarded-server", "x-real-ip", "forwarded", "via", "server", "date", "user-agent", "accept",
            "accept-encoding", "accept-language", "accept-ranges", "cache-control", "pragma", "expires", "age",
            "last-modified", "etag", "if-none-match", "if-modified-since", "if-match", "if-unmodified-since",
            "vary", "allow", "retry-after", "range", "content-range", "expect", "http2-settings",
            "strict-transport-security", "access-control-allow-origin", "access-control-allow-methods",
            "access-control-allow-headers", "access-control-allow-credentials", "access-control-expose-headers",
            "access-control-max-age", "access-control-request-method",
            "access-control-request-headers", "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest", "sec-fetch-user",
            "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform", "priority", "dnt", "x-request-id",
            "x-content-type-options", "x-frame-options", "alt-svc", ":method", ":scheme", ":status", ":protocol");

    /** Where a name splits into parts: compiled once ({@code String.split} compiles it on every call). */
    private static final java.util.regex.Pattern NAME_PARTS = java.util.regex.Pattern.compile("[\\[\\]_.\\-:]+");

    private SecretNames() {
    }

    static boolean harmlessHeader(String lowerName) {
        return HARMLESS_HEADERS.contains(lowerName);
    }

    /** True when a field, parameter or member called {@code name} (as written on the wire) carries a secret. */
    static boolean secret(String name) {
        String n = decode(name).toLowerCase(Locale.ROOT);
        for (String w : WORDS) {
            if (n.contains(w)) {
                return true;
            }
        }
        for (String part : NAME_PARTS.split(n)) {
            if (NAMES.contains(part)) {
                return true;
            }
        }
        return NAMES.contains(n);
    }

    private static String decode(String name) {
        if (name.indexOf('%') < 0 && name.indexOf('+') < 0) {
            return name;
        }
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name.replace("%", ""); // a malformed escape: judge the name without it
        }
    }
}
