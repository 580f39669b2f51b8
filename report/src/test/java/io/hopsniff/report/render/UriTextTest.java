package io.hopsniff.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values from RFC 3986: §2.1 (percent-encoding of octets), §2.2–2.3 (what is kept), §3.2.2 (IP literals). */
class UriTextTest {

    @Test
    void aWellFormedTargetIsKeptAsSent() {
        String target = "/api/v1/items;v=2?page=2&q=a%20b&sel=(1)*'!$+,~-._:@/?x";
        assertThat(UriText.escape(target)).isSameAs(target);
        assertThat(UriText.escapeAbsolute("http://[::1]:8080/a?b=c")).isEqualTo("http://[::1]:8080/a?b=c");
        assertThat(UriText.escapeAbsolute("http://ann:pw@h:80/x")).isEqualTo("http://ann:pw@h:80/x");
        assertThat(UriText.escapeAuthority("dash.example:8443")).isEqualTo("dash.example:8443");
        assertThat(UriText.escapeAuthority("[2001:db8::1]:443")).isEqualTo("[2001:db8::1]:443");
    }

    @Test
    void whatAUriCannotHoldIsPercentEncoded() {
        // a malformed request line: the parser's target runs to the last space
        assertThat(UriText.escape("/x?token=REDACTED-16B HTTP/1.1 junk"))
                .isEqualTo("/x?token=REDACTED-16B%20HTTP/1.1%20junk");
        assertThat(UriText.escape("/a\"<>\\^`{|}")).isEqualTo("/a%22%3C%3E%5C%5E%60%7B%7C%7D");
        assertThat(UriText.escape("/\u0001\u007f")).isEqualTo("/%01%7F");
        // '%' not followed by two hex digits is itself encoded; a valid triplet is kept
        assertThat(UriText.escape("/%zz%41%4")).isEqualTo("/%25zz%41%254");
        // a request-target has no fragment (RFC 9112 §3.2): '#' is data
        assertThat(UriText.escape("/p#a#b")).isEqualTo("/p%23a%23b");
        assertThat(UriText.escape("/[v]")).isEqualTo("/%5Bv%5D");
        assertThat(UriText.escapeAbsolute("http://h/a b")).isEqualTo("http://h/a%20b");
        assertThat(UriText.escapeAbsolute("http://[v]x/p[1]")).isEqualTo("http://%5Bv%5Dx/p%5B1%5D");
        assertThat(UriText.escapeAbsolute("http://a@b@h?q")).isEqualTo("http://a%40b@h?q");
        assertThat(UriText.escapeAbsolute("https://h")).isEqualTo("https://h");
    }

    @Test
    void bytesBeyondAsciiAreEncodedAsSent() {
        // "é" sent as UTF-8 (C3 A9) arrives as two ISO-8859-1 chars, and goes out as those two bytes
        assertThat(UriText.escape("/caf\u00c3\u00a9")).isEqualTo("/caf%C3%A9");
        // a char beyond one byte (not from the wire decoders) as UTF-8
        assertThat(UriText.escape("/\ud83d\ude00")).isEqualTo("/%F0%9F%98%80");
    }

    @Test
    void anAuthorityCannotGrowAPathOrUserinfo() {
        assertThat(UriText.escapeAuthority("evil/host")).isEqualTo("evil%2Fhost");
        assertThat(UriText.escapeAuthority("a b?c@d")).isEqualTo("a%20b%3Fc%40d");
        // brackets only around a whole IP literal (RFC 3986 §3.2.2)
        assertThat(UriText.escapeAuthority("[v]x")).isEqualTo("%5Bv%5Dx");
        assertThat(UriText.escapeAuthority("[::1")).isEqualTo("%5B::1");
        assertThat(UriText.escapeAuthority("[::1]]:1")).isEqualTo("%5B::1%5D%5D:1");
        assertThat(UriText.escapeAuthority("h[1]")).isEqualTo("h%5B1%5D");
        assertThat(UriText.escapeAuthority("[fe80::1%25eth0]:8080")).isEqualTo("[fe80::1%25eth0]:8080");
    }
}
