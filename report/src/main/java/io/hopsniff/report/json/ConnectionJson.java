package io.hopsniff.report.json;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One TCP connection.
 *
 * @param communityId its Community ID v1 (seed 0), to find it in Zeek, Suricata, Arkime logs
 * @param leg         "front" (client → proxy) or "backend" (proxy → backend); null when no --front was given
 * @param tls         the cleartext TLS hellos when the connection (or its CONNECT tunnel) starts with TLS, else null
 * @param http2       what its HTTP/2 carried (prior knowledge, h2c, or inside a CONNECT tunnel), else null
 * @param preamble    the PROXY protocol header or SOCKS handshake before what it carried, else null
 * @param websocket   WebSocket frames read without a captured handshake (a capture started mid-session, or
 *                    --decode-as), else null; with a handshake the session is on its transaction
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionJson(long id, String client, String server, String communityId, String leg, TimeJson first,
                             TimeJson last,
                             double durationMs, String end, boolean synSeen, boolean rolesFromSyn, String history,
                             String protocol, String upgradedTo, int exchanges, DirectionJson c2s, DirectionJson s2c,
                             TlsJson tls, Http2Json http2, PreambleJson preamble, WebSocketJson websocket) {

    /** A PROXY protocol header or SOCKS handshake: see {@code docs/report-format.md}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreambleJson(String kind, String source, String target, String status) {
    }

    /** Without HTTP/2 facts. */
    public ConnectionJson(long id, String client, String server, String communityId, String leg, TimeJson first,
                          TimeJson last, double durationMs, String end, boolean synSeen, boolean rolesFromSyn,
                          String history, String protocol, String upgradedTo, int exchanges, DirectionJson c2s,
                          DirectionJson s2c, TlsJson tls) {
        this(id, client, server, communityId, leg, first, last, durationMs, end, synSeen, rolesFromSyn, history,
                protocol, upgradedTo, exchanges, c2s, s2c, tls, null, null, null);
    }

    /** Without a leg or TLS facts. */
    public ConnectionJson(long id, String client, String server, TimeJson first, TimeJson last,
                          double durationMs, String end, boolean synSeen, boolean rolesFromSyn, String history,
                          String protocol, String upgradedTo, int exchanges, DirectionJson c2s, DirectionJson s2c) {
        this(id, client, server, null, null, first, last, durationMs, end, synSeen, rolesFromSyn, history, protocol,
                upgradedTo, exchanges, c2s, s2c, null, null, null, null);
    }
}
