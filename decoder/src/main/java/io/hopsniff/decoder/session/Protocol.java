package io.hopsniff.decoder.session;

import java.util.Locale;

/**
 * What a connection carries, as the report names it, and the registry of protocols a connection can switch to.
 * A constant with an {@link #upgradeToken()} is looked up by the first token of a 101's {@code Upgrade} field
 * (case-insensitive, RFC 9110 §7.8), or by {@code connect} for a 2xx answer to CONNECT; its factory makes the
 * consumer that reads everything after the switch. Adding an upgraded protocol is one {@link UpperLayer} class and
 * one constant here.
 */
public enum Protocol {
    /** No payload either way. */
    NONE("none"),
    HTTP1("http/1.1"),
    /** HTTP/2 with prior knowledge (RFC 9113 §3.3): the client's first bytes are the connection preface. */
    HTTP2("http2"),
    /** The preface was answered in HTTP/1.x: an HTTP/1.1 server read it as a request. */
    HTTP2_REFUSED("http2-refused"),
    /** Payload that is not HTTP (TLS, another protocol) from the first byte. */
    UNKNOWN("unknown"),
    // ---------------------------------------------------------------- not HTTP, named from the first lines
    SSH("ssh", true),
    SMTP("smtp", true),
    FTP("ftp", true),
    POP3("pop3", true),
    IMAP("imap", true),
    SIP("sip", true),
    RTSP("rtsp", true),
    REDIS("redis", true),
    /** A SOCKS handshake that did not lead to a decoded protocol (refused, or nothing followed). */
    SOCKS("socks", true),
    TUNNEL_HTTP1("tunnel:http/1.1"),
    TUNNEL_HTTP2("tunnel:http2"),
    TUNNEL_TLS("tunnel:tls"),

    // ---------------------------------------------------------------- switched to by a 101 or a CONNECT 2xx
    WEBSOCKET("websocket", "websocket", WebSocketUpgrade::new),
    /** RFC 9113 §3.2 / RFC 7540 §3.2: the upgrade request becomes stream 1 of an HTTP/2 connection. */
    H2C("h2c", "h2c", H2cUpgrade::new),
    /** A CONNECT answered 2xx: what the tunnel carries is found from its first client bytes. */
    TUNNEL("tunnel", "connect", TunnelUpgrade::new),
    /** Any other token: the bytes are counted, not decoded; reported as {@code upgraded:<token>}. */
    UPGRADED("upgraded:", null, OpaqueUpgrade::new);

    /** How one upgraded protocol's consumer is made when its 101 (or CONNECT 2xx) is seen. */
    @FunctionalInterface
    interface Factory {
        UpperLayer start(ConnectionScope scope, Switch what);
    }

    private final String label;
    private final String upgradeToken;
    private final Factory factory;
    private final boolean other;

    Protocol(String label) {
        this(label, null, null, false);
    }

    Protocol(String label, boolean other) {
        this(label, null, null, other);
    }

    Protocol(String label, String upgradeToken, Factory factory) {
        this(label, upgradeToken, factory, false);
    }

    Protocol(String label, String upgradeToken, Factory factory, boolean other) {
        this.label = label;
        this.upgradeToken = upgradeToken;
        this.factory = factory;
        this.other = other;
    }

    /** The name in reports ({@code connections[].protocol}, {@code transactions[].protocol}). */
    public String label() {
        return label;
    }

    /** The Upgrade token (or "connect") that switches a connection to this protocol, or null. */
    public String upgradeToken() {
        return upgradeToken;
    }

    /** True when the connection carried, or tried to carry, HTTP: everything but no payload and unknown bytes. */
    public boolean carriesHttp() {
        return this != NONE && this != UNKNOWN && !other;
    }

    /**
     * True for a protocol other than HTTP that its first lines named (SMTP, SSH, ...): the connection is listed
     * with that name, and nothing on it is reported as an HTTP exchange.
     */
    public boolean isOther() {
        return other;
    }

    /** The constant whose {@link #label()} is {@code label} (a saved report read back); UNKNOWN when none is. */
    public static Protocol ofLabel(String label) {
        for (Protocol p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        return label != null && label.startsWith(UPGRADED.label) ? UPGRADED : UNKNOWN;
    }

    /** The protocol a switch to {@code token} (an Upgrade token, or "connect") goes to; UPGRADED for others. */
    static Protocol forUpgrade(String token) {
        String t = token == null ? "" : token.toLowerCase(Locale.ROOT);
        for (Protocol p : values()) {
            if (t.equals(p.upgradeToken)) {
                return p;
            }
        }
        return UPGRADED;
    }

    UpperLayer start(ConnectionScope scope, Switch what) {
        return factory.start(scope, what);
    }
}
