package io.hopsniff.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.hopsniff.decoder.http.HttpHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor on = new Redactor(true);

    @Test
    void credentialHeadersBecomeTheirLength() {
        List<HttpHeader> out = on.headers(List.of(
                new HttpHeader("Authorization", "Bearer abc.def"),
                new HttpHeader("cookie", "sid=42; theme=dark"),
                new HttpHeader("Set-Cookie", "sid=42; HttpOnly"),
                new HttpHeader("Proxy-Authorization", "Basic dXNlcjpwYXNz"),
                new HttpHeader("Host", "dash.example")));
        assertThat(out).containsExactly(
                new HttpHeader("Authorization", "<redacted:14 bytes>"),
                new HttpHeader("cookie", "<redacted:18 bytes>"),
                new HttpHeader("Set-Cookie", "<redacted:16 bytes>"),
                new HttpHeader("Proxy-Authorization", "<redacted:18 bytes>"),
                new HttpHeader("Host", "dash.example"));
    }

    @Test
    void websocketHandshakeHeadersStayVisibleForDiagnosis() {
        assertThat(on.headerValue("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="))
                .isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void secretQueryParametersAreRedactedAndThePathKept() {
        assertThat(on.target("/ws/abc?token=s3cr3t&x=1&API_KEY=zz&sig=&page=2#frag"))
                .isEqualTo("/ws/abc?token=<redacted:6 bytes>&x=1&API_KEY=<redacted:2 bytes>&sig=<redacted:0 bytes>&page=2#frag");
        assertThat(on.target("/plain/path")).isEqualTo("/plain/path");
        assertThat(on.target("/q?password=hunter2")).isEqualTo("/q?password=<redacted:7 bytes>");
        assertThat(on.target("/q?sessionid=1")).isEqualTo("/q?sessionid=<redacted:1 bytes>");
    }

    @Test
    void refererAndLocationCarryUrlsWhoseSecretsAreRedacted() {
        assertThat(on.headerValue("Referer", "http://h/p?access_token=abcd")).isEqualTo("http://h/p?access_token=<redacted:4 bytes>");
    }

    @Test
    void offMeansOff() {
        Redactor off = new Redactor(false);
        assertThat(off.headerValue("Cookie", "a=b")).isEqualTo("a=b");
        assertThat(off.target("/x?token=1")).isEqualTo("/x?token=1");
    }

    @Test
    void multibyteValuesCountBytesNotChars() {
        assertThat(Redactor.placeholder("é")).isEqualTo("<redacted:2 bytes>");
    }

    @Test
    void secretsInKeptBodiesAndMessagesAreRedacted() {
        assertThat(on.text("{\"user\": \"ann\", \"password\": \"hunter2\", \"api_token\":\"xyz\"}"))
                .isEqualTo("{\"user\": \"ann\", \"password\": \"<redacted:7 bytes>\", \"api_token\":\"<redacted:3 bytes>\"}");
        assertThat(on.text("user=ann&password=hunter2&x=1")).isEqualTo("user=ann&password=<redacted:7 bytes>&x=1");
        assertThat(on.text("plain log line")).isEqualTo("plain log line");
        assertThat(new Redactor(false).text("password=hunter2")).isEqualTo("password=hunter2");
    }
}
