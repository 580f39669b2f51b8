package io.hopsniff.decoder.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerSpecTest {

    @Test
    void parsesTheThreeForms() {
        ServerSpec v4 = ServerSpec.parse("10.1.2.3:8080");
        assertThat(v4.port()).isEqualTo(8080);
        assertThat(v4.address()).containsExactly(10, 1, 2, 3);
        assertThat(v4.matches(Seg.addr("10.1.2.3"), 8080)).isTrue();
        assertThat(v4.matches(Seg.addr("10.1.2.4"), 8080)).isFalse();
        assertThat(v4.matches(Seg.addr("10.1.2.3"), 8081)).isFalse();
        assertThat(v4.toString()).isEqualTo("10.1.2.3:8080");

        ServerSpec v6 = ServerSpec.parse("[2001:db8::1]:443");
        assertThat(v6.matches(Seg.addr("2001:db8::1"), 443)).isTrue();
        assertThat(v6.matches(Seg.addr("10.1.2.3"), 443)).isFalse();
        assertThat(v6.toString()).isEqualTo("[2001:db8::1]:443");

        ServerSpec any = ServerSpec.parse(":80");
        assertThat(any.address()).isNull();
        assertThat(any.matches(Seg.addr("192.0.2.1"), 80)).isTrue();
        assertThat(any.matches(Seg.addr("::1"), 80)).isTrue();
        assertThat(any).isEqualTo(ServerSpec.parse(":80"));
        assertThat(ServerSpec.parse("localhost:80").port()).isEqualTo(80);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "10.0.0.1", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536", "10.0.0.1:http",
            "2001:db8::1:80", "[2001:db8::1]", "[2001:db8::1]80", "[10.0.0.1]:80", "no such host.invalid:80",
            "10.0.0.1:-1", "10.0.0.1:123456"})
    void rejectsBadInputWithOneLine(String text) {
        assertThatThrownBy(() -> ServerSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").isNotBlank());
    }
}
