package io.hopsniff.decoder.session;

import io.hopsniff.decoder.h2.H2ConnectionSummary;
import io.hopsniff.decoder.tcp.EndReason;
import io.hopsniff.decoder.tcp.Endpoint;
import io.hopsniff.decoder.tcp.FlowStats;
import io.hopsniff.decoder.tls.TlsSummary;
import io.hopsniff.decoder.ws.WebSocketSession;

/**
 * One TCP connection as the report shows it.
 *
 * @param protocol      what the connection carried, after any protocol switch
 * @param upgradedTo    the token it switched on (lower-cased first Upgrade token, or "connect"), or null
 * @param history       Zeek-style history letters (see {@code docs/report-format.md})
 * @param exchanges     HTTP/1 exchanges seen on it
 * @param nonHttpBytes  bytes each way that were not HTTP where HTTP was expected, or before any was found
 * @param tunnelBytes   bytes each way after a protocol switch (101 or CONNECT 2xx)
 * @param tls           the cleartext TLS hellos when the client's bytes (or a CONNECT tunnel's) start with a TLS
 *                      handshake record, else null
 * @param http2         what the connection's HTTP/2 carried (prior knowledge, h2c, or in a CONNECT tunnel), else null
 * @param preamble      the PROXY protocol header or SOCKS handshake it started with, else null
 * @param websocket     WebSocket frames read without a captured handshake (mid-stream, or --decode-as), else null
 */
public record ConnectionRecord(long id, Endpoint client, Endpoint server, long firstNanos, long lastNanos,
                               EndReason end, boolean sawSyn, boolean rolesFromSyn, String history,
                               Protocol protocol, String upgradedTo, int exchanges,
                               FlowStats clientToServer, FlowStats serverToClient,
                               ByteCounts nonHttpBytes, ByteCounts tunnelBytes, TlsSummary tls,
                               H2ConnectionSummary http2, Preamble preamble, WebSocketSession websocket) {

    /** True when the connection carried, or tried to carry, HTTP: an exchange, or a protocol that is HTTP's. */
    /** The connection's server answered in HTTP/2 (prior knowledge, h2c or in a tunnel): the leg's protocol. */
    public boolean spokeHttp2() {
        return http2 != null && http2.serverSpokeHttp2() && protocol != Protocol.HTTP2_REFUSED;
    }

    public boolean carriesHttp() {
        return exchanges > 0 || protocol.carriesHttp();
    }

    /** The protocol as reports name it: {@code upgraded:<token>} for a switch to a protocol not decoded. */
    public String protocolLabel() {
        return protocol == Protocol.UPGRADED ? protocol.label() + upgradedTo : protocol.label();
    }

    /** Without a preamble. */
    public ConnectionRecord(long id, Endpoint client, Endpoint server, long firstNanos, long lastNanos,
                            EndReason end, boolean sawSyn, boolean rolesFromSyn, String history,
                            Protocol protocol, String upgradedTo, int exchanges,
                            FlowStats clientToServer, FlowStats serverToClient,
                            ByteCounts nonHttpBytes, ByteCounts tunnelBytes, TlsSummary tls, H2ConnectionSummary http2) {
        this(id, client, server, firstNanos, lastNanos, end, sawSyn, rolesFromSyn, history, protocol, upgradedTo,
                exchanges, clientToServer, serverToClient, nonHttpBytes, tunnelBytes, tls, http2, null, null);
    }

    /** Without HTTP/2 facts. */
    public ConnectionRecord(long id, Endpoint client, Endpoint server, long firstNanos, long lastNanos,
                            EndReason end, boolean sawSyn, boolean rolesFromSyn, String history,
                            Protocol protocol, String upgradedTo, int exchanges,
                            FlowStats clientToServer, FlowStats serverToClient,
                            ByteCounts nonHttpBytes, ByteCounts tunnelBytes, TlsSummary tls) {
        this(id, client, server, firstNanos, lastNanos, end, sawSyn, rolesFromSyn, history, protocol, upgradedTo,
                exchanges, clientToServer, serverToClient, nonHttpBytes, tunnelBytes, tls, null, null, null);
    }

    /** Without TLS facts. */
    public ConnectionRecord(long id, Endpoint client, Endpoint server, long firstNanos, long lastNanos,
                            EndReason end, boolean sawSyn, boolean rolesFromSyn, String history,
                            Protocol protocol, String upgradedTo, int exchanges,
                            FlowStats clientToServer, FlowStats serverToClient,
                            ByteCounts nonHttpBytes, ByteCounts tunnelBytes) {
        this(id, client, server, firstNanos, lastNanos, end, sawSyn, rolesFromSyn, history, protocol, upgradedTo,
                exchanges, clientToServer, serverToClient, nonHttpBytes, tunnelBytes, null, null, null, null);
    }
}
