package io.hopsniff.decoder.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's categories follow Wireshark's expert-info groups (epan/expert.h): its TCP analysis flags a
 * retransmission or lost segment as PI_SEQUENCE, an undissectable field as PI_MALFORMED, an HTTP error status as
 * PI_RESPONSE_CODE, a protocol switch as PI_CHAT (our {@code comment}); hopsniff adds {@code limit}.
 */
class AnomalyCategoryTest {

    @Test
    void categoriesFollowWiresharksExpertGroups() {
        assertThat(AnomalyType.TCP_RETRANSMISSION.category()).isEqualTo(Category.SEQUENCE);
        assertThat(AnomalyType.TCP_GAP.category()).isEqualTo(Category.SEQUENCE);
        assertThat(AnomalyType.HTTP_BAD_REQUEST_LINE.category()).isEqualTo(Category.MALFORMED);
        assertThat(AnomalyType.IP_BAD_HEADER.category()).isEqualTo(Category.MALFORMED);
        assertThat(AnomalyType.WS_HANDSHAKE_REFUSED.category()).isEqualTo(Category.RESPONSE_CODE);
        assertThat(AnomalyType.HTTP_UPGRADE.category()).isEqualTo(Category.COMMENT);
        assertThat(AnomalyType.WS_FRAMES_UNDECODABLE.category()).isEqualTo(Category.UNDECODED);
        assertThat(AnomalyType.WS_ACCEPT_MISMATCH.category()).isEqualTo(Category.PROTOCOL);
        assertThat(AnomalyType.TCP_CONSUMER_FAILED.category()).isEqualTo(Category.DEBUG);
    }

    @Test
    void theLimitsAreExactlyTheIdsThatCiteHopsniffsOwnLimits() {
        assertThat(Arrays.stream(AnomalyType.values()).filter(AnomalyType::isLimit).map(Enum::name))
                .containsExactlyInAnyOrder("TCP_REASSEMBLY_LIMIT", "TCP_CONNECTION_LIMIT", "TCP_IDLE_TIMEOUT",
                        "HTTP_HEADER_TOO_LARGE", "HTTP_PENDING_LIMIT", "HTTP_HELD_BYTES_LIMIT", "WS_KEPT_MESSAGES_LIMIT",
                        "H2_HPACK_TABLE_LIMIT", "H2_HEADER_LIST_TOO_LARGE", "H2_OPEN_STREAMS_LIMIT",
                        "H2_DECODED_HEADERS_LIMIT", "HTTP_KEPT_BYTES_LIMIT", "WS_KEPT_BYTES_LIMIT", "IP_FRAGMENT_LIMIT",
                        "TCP_COMPARE_LIMIT", "TCP_MEMORY_LIMIT", "WS_INFLATE_LIMIT");
        for (AnomalyType t : AnomalyType.values()) {
            assertThat(t.isLimit()).as(t.name()).isEqualTo(t.reference().equals("hopsniff limits"));
        }
    }
}
