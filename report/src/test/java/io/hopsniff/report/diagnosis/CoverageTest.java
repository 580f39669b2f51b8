package io.hopsniff.report.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every catalogue id has a rule and a test that produces it: the test named here is run again and must assert
 * the id through {@link Diag#has}. Real captures first where one exists.
 */
class CoverageTest {

    static final Map<DiagnosisId, String> TRIGGERED_BY = new EnumMap<>(Map.ofEntries(
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_OK, "RulesTest#websocketOkWhenFramesFlowedAndCloseCompleted"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_UPGRADED, "RulesTest#upgradedWithoutSessionIsInfoNotFailure"),
            Map.entry(DiagnosisId.DIAG_BACKEND_NO_WEBSOCKET_SUPPORT, "SamplesTest#dashboardIncident"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_ROUTE_REJECTED, "SyntheticCaptureTest#routeRejected403"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_HOST_REJECTED,
                    "HostRejectedTest#a500ToTheBackendsOwnAddressWhilePlainRequestsForTheNameWorkIsTheProxysRewrite"),
            Map.entry(DiagnosisId.DIAG_PROXY_STRIPPED_UPGRADE, "SyntheticCaptureTest#proxyStrippedUpgrade"),
            Map.entry(DiagnosisId.DIAG_PLAIN_REQUESTS_AS_UPGRADE,
                    "PlainRequestsAsUpgradeTest#plainRequestsMarkedAsUpgradesAndRefusedAreNamed"),
            Map.entry(DiagnosisId.DIAG_INVALID_HANDSHAKE, "SamplesTest#invalidKey"),
            Map.entry(DiagnosisId.DIAG_CONNECT_AT_ORIGIN, "SamplesTest#directConnect"),
            Map.entry(DiagnosisId.DIAG_H2C_TO_HTTP1_BACKEND, "SyntheticCaptureTest#h2cPrefaceToHttp1Backend"),
            Map.entry(DiagnosisId.DIAG_H2_WEBSOCKET_NOT_ENABLED,
                    "Rfc8441DiagnosisTest#aStreamResetByABackendThatNeverEnabledExtendedConnectIsNamedSo"),
            Map.entry(DiagnosisId.DIAG_UPGRADE_ACCEPT_MISMATCH, "RulesTest#wrongAccept"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_ABNORMAL_CLOSE, "SyntheticCaptureTest#websocketResetAfterUpgrade"),
            Map.entry(DiagnosisId.DIAG_NO_RESPONSE, "SyntheticCaptureTest#requestWithoutResponse"),
            Map.entry(DiagnosisId.DIAG_BACKEND_UNREACHABLE, "SyntheticCaptureTest#backendUnreachable"),
            Map.entry(DiagnosisId.DIAG_NO_UPGRADE_SEEN, "SamplesTest#plainHttpOnly"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_REJECTED_OTHER, "RulesTest#otherRefusal"),
            Map.entry(DiagnosisId.DIAG_PROXY_ANSWERED, "LegAwareDiagnosisTest#backendDownDeclared"),
            Map.entry(DiagnosisId.DIAG_CONNECT_AT_PROXY, "LegAwareDiagnosisTest#connectAtProxyInferred"),
            Map.entry(DiagnosisId.DIAG_BACKEND_LEG_MISSING, "LegAwareDiagnosisTest#frontLegOnly"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_PROTOCOL_ERROR,
                    "WebSocketProtocolErrorTest#maskedServerFramesAreAProtocolErrorNotOk"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_ALREADY_OPEN,
                    "SamplesTest#webSocketsOpenBeforeTheCaptureAreNotAMissingUpgrade"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_CLOSED_WITH_ERROR,
                    "WebSocketCloseCodeTest#aPolicyViolationRightAfterTheUpgradeIsTheAppRefusingTheSession"),
            Map.entry(DiagnosisId.DIAG_WEBSOCKET_CLIENT_CLOSED_WITH_ERROR,
                    "WebSocketCloseCodeTest#aClientThatCouldNotDecodeTheBackendsTextClosesWithAnErrorNotOk")));

    @Test
    void everyIdHasARule() {
        assertThat(Rules.all().keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(DiagnosisId.class));
    }

    @Test
    void everyIdIsProducedByItsTest() throws Exception {
        assertThat(TRIGGERED_BY.keySet()).as("ids without a triggering test")
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(DiagnosisId.class));
        for (Map.Entry<DiagnosisId, String> e : TRIGGERED_BY.entrySet()) {
            String[] parts = e.getValue().split("#");
            Class<?> type = Class.forName(CoverageTest.class.getPackageName() + "." + parts[0]);
            Method m = type.getDeclaredMethod(parts[1]);
            assertThat(m.isAnnotationPresent(Test.class)).as(e.getValue() + " is a @Test").isTrue();
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            m.setAccessible(true);
            Diag.resetSeen();
            m.invoke(c.newInstance());
            assertThat(Diag.resetSeen()).as(e.getValue() + " asserts " + e.getKey()).contains(e.getKey().name());
        }
    }
}
