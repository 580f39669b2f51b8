package io.hopsniff.decoder.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {

    private static String of(String framed, int s, int e) {
        byte[] a = framed.getBytes(StandardCharsets.ISO_8859_1);
        return HeaderNames.of(a, s, e);
    }

    @Test
    void commonNamesAreSharedAndSpelledAsSent() {
        String a = of("xxHost: h", 2, 6);
        String b = of("Host", 0, 4);
        assertThat(a).isEqualTo("Host").isSameAs(b);
        assertThat(of("host", 0, 4)).isEqualTo("host").isSameAs(of("..host", 2, 6));
        assertThat(of("HOST", 0, 4)).isEqualTo("HOST");
        assertThat(of("X-Forwarded-For", 0, 15)).isSameAs(of("X-Forwarded-For", 0, 15));
        assertThat(of("sec-websocket-key", 0, 17)).isEqualTo("sec-websocket-key");
    }

    @Test
    void otherNamesArePassedThrough() {
        assertThat(of("X-Hostx", 0, 7)).isEqualTo("X-Hostx");
        assertThat(of("Hos", 0, 3)).isEqualTo("Hos");
        assertThat(of("Hos\u00e9", 0, 4)).isEqualTo("Hos\u00e9");
        assertThat(of("", 0, 0)).isEmpty();
    }
}
