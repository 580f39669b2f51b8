package io.hopsniff.report.diagnosis;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The registry: one rule per catalogue id. A test fails when an id has no rule. */
public final class Rules {

    private static final Map<DiagnosisId, Rule> ALL = build();

    private Rules() {
    }

    private static Map<DiagnosisId, Rule> build() {
        Map<DiagnosisId, Rule> m = new EnumMap<>(DiagnosisId.class);
        m.put(DiagnosisId.DIAG_WEBSOCKET_OK, new WebSocketOkRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_UPGRADED, new WebSocketUpgradedRule());
        m.put(DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT, new BackendNoWebSocketRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED, new RouteRejectedRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED, new HostRejectedRule());
        m.put(DiagnosisId.DIAG_PROXY_STRIPPED_UPGRADE, new StrippedUpgradeRule());
        m.put(DiagnosisId.DIAG_PLAIN_REQUESTS_AS_UPGRADE, new PlainRequestsAsUpgradeRule());
        m.put(DiagnosisId.DIAG_INVALID_HANDSHAKE, new InvalidHandshakeRule());
        m.put(DiagnosisId.DIAG_CONNECT_AT_ORIGIN, new ConnectAtOriginRule());
        m.put(DiagnosisId.DIAG_H2C_TO_HTTP1_BACKEND, new H2cToHttp1Rule());
        m.put(DiagnosisId.DIAG_H2_WEBSOCKET_NOT_ENABLED, new H2WebSocketNotEnabledRule());
        m.put(DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH, new AcceptMismatchRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE, new AbnormalCloseRule());
        m.put(DiagnosisId.DIAG_NO_RESPONSE, new NoResponseRule());
        m.put(DiagnosisId.DIAG_BACKEND_UNREACHABLE, new BackendUnreachableRule());
        m.put(DiagnosisId.DIAG_NO_UPGRADE_SEEN, new NoUpgradeSeenRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER, new RejectedOtherRule());
        m.put(DiagnosisId.DIAG_PROXY_ANSWERED, new ProxyAnsweredRule());
        m.put(DiagnosisId.DIAG_CONNECT_AT_PROXY, new ConnectAtProxyRule());
        m.put(DiagnosisId.DIAG_BACKEND_LEG_MISSING, new BackendLegMissingRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR, new WebSocketProtocolErrorRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_ALREADY_OPEN, new AlreadyOpenRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR, new ClosedWithErrorRule());
        m.put(DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR, new ClientClosedWithErrorRule());
        return Collections.unmodifiableMap(m);
    }

    /** Every rule, keyed and iterated in catalogue order. */
    public static Map<DiagnosisId, Rule> all() {
        return ALL;
    }
}
