package io.hopsniff.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values from RFC 3986: §2.1 (percent-encoding of octets), §2.2–2.3 (what is kept), §3.2.2 (IP literals). */
class UriTextTest {

    @Test
    void aWellFormedTargetIsKeptAsSent() {
        String target = "/api/v1/items;v=2?page=2&q=a%20b&sel=(1)*'!$+,~-._:@/?x";
        assertThat(UriText.escape(target, false)).isSameAs(target);
        assertThat(UriText.escape("http://[::1]:8080/a?b=c", true)).isEqualTo("http://[::1]:8080/a?b=c");
        assertThat(UriText.escapeAuthority("dash.example:8443")).isEqualTo("dash.example:8443");
        assertThat(UriText.escapeAuthority("[2001:db8::1]:443")).isEqualTo("[2001:db8::1]:443");
    }

    @Test
    void whatAUriCannotHoldIsPercentEncoded() {
        // a malformed request line: the parser's target runs to the last space
        assertThat(UriText.escape("/x?token=REDACTED-16B HTTP/1.1 junk", false))
                .isEqualTo("/x?token=REDACTED-16B%20HTTP/1.1%20junk");
        assertThat(UriText.escape("/a\"<>\\^`{|}", false)).isEqualTo("/a%22%3C%3E%5C%5E%60%7B%7C%7D");
        assertThat(UriText.escape("/\u0001\u007f", false)).isEqualTo("/%01%7F");
        // '%' not followed by two hex digits is itself encoded; a valid triplet is kept
        assertThat(UriText.escape("/%zz%41%4", false)).isEqualTo("/%25zz%41%254");
        // a request-target has no fragment (RFC 9112 §3.2): '#' is data
        assertThat(UriText.escape("/p#a#b", false)).isEqualTo("/p%23a%23b");
        assertThat(UriText.escape("/[v]", false)).isEqualTo("/%5Bv%5D");
        assertThat(UriText.escape("http://h/a b", true)).isEqualTo("http://h/a%20b");
    }

    @Test
    void bytesBeyondAsciiAreEncodedAsSent() {
        // "é" sent as UTF-8 (C3 A9) arrives as two ISO-8859-1 chars, and goes out as those two bytes
        assertThat(UriText.escape("/caf\u00c3\u00a9", false)).isEqualTo("/caf%C3%A9");
        // a char beyond one byte (not from the wire decoders) as UTF-8
        assertThat(UriText.escape("/\ud83d\ude00", false)).isEqualTo("/%F0%9F%98%80");
    }

    @Test
    void anAuthorityCannotGrowAPathOrUserinfo() {
        assertThat(UriText.escapeAuthority("evil/host")).isEqualTo("evil%2Fhost");
        assertThat(UriText.escapeAuthority("a b?c@d")).isEqualTo("a%20b%3Fc%40d");
    }
}
