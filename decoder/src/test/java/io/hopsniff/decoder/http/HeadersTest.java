package io.hopsniff.decoder.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Token look-ups in field lists (RFC 9110 §5.6.1: {@code #element} lists with optional whitespace around the
 * commas and empty elements that a recipient ignores; §5.3: a field on several lines is one list; §7.6.1 the
 * Connection field's options, case-insensitive).
 */
class HeadersTest {

    private static Headers fields(String name, String... values) {
        List<HttpHeader> list = new ArrayList<>();
        for (String v : values) {
            list.add(new HttpHeader(name, v));
        }
        return Headers.of(list);
    }

    @ParameterizedTest(name = "Connection: [{0}] has upgrade: {1}")
    @CsvSource(delimiter = '|', value = {
        "Upgrade|true",
        "upgrade|true",
        "keep-alive, Upgrade|true",
        "keep-alive,Upgrade|true",
        "Upgrade , keep-alive|true",
        "' \tUpgrade\t '|true",
        "', , upgrade ,'|true",
        "upgrades|false",
        "upgrade-insecure-requests|false",
        "up grade|false",
        "keep-alive|false",
        "''|false",
        "', ,'|false",
    })
    void findsTheOptionInOneField(String value, boolean expected) {
        assertThat(fields("Connection", value).hasToken("Connection", "upgrade")).isEqualTo(expected);
        assertThat(fields("Connection", value).hasToken("connection", "UPGRADE")).isEqualTo(expected);
    }

    @Test
    void aListSentOnSeveralLinesIsOneList() {
        assertThat(fields("Connection", "keep-alive", "Upgrade").hasToken("Connection", "upgrade")).isTrue();
        assertThat(fields("Connection", "", "upgrade").hasToken("Connection", "upgrade")).isTrue();
        assertThat(fields("Connection", "keep-alive", "close").hasToken("Connection", "upgrade")).isFalse();
    }

    @Test
    void otherFieldsAndMissingValuesDoNotCount() {
        assertThat(fields("Upgrade", "upgrade").hasToken("Connection", "upgrade")).isFalse();
        assertThat(fields("Connection", (String) null).hasToken("Connection", "upgrade")).isFalse();
        assertThat(Headers.of(List.of()).hasToken("Connection", "upgrade")).isFalse();
    }

    /** The look-up in place says what the listed elements say, for the same fields. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "websocket", "WebSocket, h2c", "h2c,websocket", "' websocket '", "websocket/13", "websockets",
        "',websocket,'", "'\u000bwebsocket'",
    })
    void agreesWithTheElements(String value) {
        Headers h = fields("Upgrade", value, "h2c");
        boolean listed = h.elements("Upgrade").stream().anyMatch(e -> e.equalsIgnoreCase("websocket"));
        assertThat(h.hasToken("Upgrade", "websocket")).isEqualTo(listed);
    }
}
