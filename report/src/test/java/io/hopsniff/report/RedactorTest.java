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
    void everyHeaderNameIsJudgedAlikeHoweverManyWereSeenBefore() {
        // a hostile peer sends thousands of distinct names: the ones after them are judged as the first were
        for (int i = 0; i < 3000; i++) {
            assertThat(on.headerValue("X-Session-" + i, "v" + i)).isEqualTo("<redacted:" + ("v" + i).length() + " bytes>");
            assertThat(on.headerValue("X-Plain-" + i, "hello")).isEqualTo("hello");
        }
        assertThat(on.headerValue("Authorization", "Basic dXNlcjpwYXNz")).isEqualTo("<redacted:18 bytes>");
        assertThat(on.headerValue("AUTHORIZATION", "Basic dXNlcjpwYXNz")).isEqualTo("<redacted:18 bytes>");
        assertThat(on.headerValue("Host", "dash.example")).isEqualTo("dash.example");
        assertThat(on.headerValue("Referer", "https://u:pw@x.example/?token=abc"))
                .isEqualTo("https://REDACTED-4B@x.example/?token=REDACTED-3B");
    }

    @Test
    void aHeadWithNothingToRedactComesBackAsItIs() {
        List<HttpHeader> head = List.of(new HttpHeader("Host", "dash.example"), new HttpHeader("Accept", "*/*"));
        assertThat(on.headers(head)).isSameAs(head);
        List<HttpHeader> mixed = List.of(new HttpHeader("Host", "dash.example"), new HttpHeader("Cookie", "a=1"),
                new HttpHeader("Accept", "*/*"));
        assertThat(on.headers(mixed)).containsExactly(new HttpHeader("Host", "dash.example"),
                new HttpHeader("Cookie", "<redacted:3 bytes>"), new HttpHeader("Accept", "*/*"));
    }

    @Test
    void websocketHandshakeHeadersStayVisibleForDiagnosis() {
        assertThat(on.headerValue("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="))
                .isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void secretQueryParametersAreRedactedAndThePathKept() {
        assertThat(on.target("/ws/abc?token=s3cr3t&x=1&API_KEY=zz&sig=&page=2#frag"))
                .isEqualTo("/ws/abc?token=REDACTED-6B&x=1&API_KEY=REDACTED-2B&sig=REDACTED-0B&page=2#frag");
        assertThat(on.target("/plain/path")).isEqualTo("/plain/path");
        assertThat(on.target("/q?password=hunter2")).isEqualTo("/q?password=REDACTED-7B");
        assertThat(on.target("/q?sessionid=1")).isEqualTo("/q?sessionid=REDACTED-1B");
    }

    @Test
    void refererAndLocationCarryUrlsWhoseSecretsAreRedacted() {
        assertThat(on.headerValue("Referer", "http://h/p?access_token=abcd")).isEqualTo("http://h/p?access_token=REDACTED-4B");
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

    @Test
    void headersAreRedactedByNameWordAndShownOnlyWhenKnownHarmless() {
        for (String name : List.of("X-Access-Token", "Private-Token", "X-Vault-Token", "Api-Key", "X-Authorization",
                "X-Forwarded-Authorization", "X-Session-Token", "X-Refresh-Token", "X-Csrf", "X-Amz-Security-Token")) {
            assertThat(on.headerValue(name, "v4lue")).as(name).isEqualTo("<redacted:5 bytes>");
        }
        assertThat(on.headerValue("Content-Type", "application/json")).isEqualTo("application/json");
        assertThat(on.headerValue("Access-Control-Allow-Credentials", "true")).isEqualTo("true");
        // an unknown header is shown, but what looks like a credential in it is not
        assertThat(on.headerValue("X-Trace", "abc 123")).isEqualTo("abc 123");
        assertThat(on.headerValue("X-Opaque", "k9Fq2LmZ7xR4tW8yB3nV6cQ1")).isEqualTo("<redacted:24 bytes>");
        assertThat(on.headerValue("Sec-WebSocket-Protocol", "access_token, eyJhbGciOi.eyJzdWIi.c2ln"))
                .isEqualTo("access_token, <redacted:24 bytes>");
        assertThat(on.headerValue("X-Upstream", "Bearer abcdef")).isEqualTo("Bearer <redacted:6 bytes>");
    }

    @Test
    void showAndRedactHeaderAdjustThePolicy() {
        Redactor r = new Redactor(true, List.of("x-api-key"), List.of("Host"));
        assertThat(r.headerValue("X-Api-Key", "k")).isEqualTo("k");
        assertThat(r.headerValue("host", "dash.example")).isEqualTo("<redacted:12 bytes>");
    }

    @Test
    void targetsLoseUserinfoAndSecretParametersInAnyEncoding() {
        assertThat(on.target("/a?%74oken=x1&user%5Bpassword%5D=x2&user[pass]=x3;jsessionid=x4&code=x5&page=2"))
                .isEqualTo("/a?%74oken=REDACTED-2B&user%5Bpassword%5D=REDACTED-2B"
                        + "&user[pass]=REDACTED-2B;jsessionid=REDACTED-2B&code=REDACTED-2B&page=2");
        assertThat(on.target("http://ann:hunter2@h.example/p")).isEqualTo("http://REDACTED-11B@h.example/p");
        assertThat(on.headerValue(":path", "/h2?jwt=abc")).isEqualTo("/h2?jwt=REDACTED-3B");
        // a payload is not a token: an analyst needs to see it
        assertThat(on.target("/q?id=1%27+UNION+SELECT+NULL%2C+version%28%29+%23")).contains("UNION");
    }

    @Test
    void textCutShortStillLosesItsSecrets() {
        assertThat(on.text("{\"access_token\":\"abc")).isEqualTo("{\"access_token\":\"<redacted:3 bytes>");
        assertThat(on.text("a=1&password=hun")).isEqualTo("a=1&password=<redacted:3 bytes>");
        assertThat(on.text("CONNECT\nlogin:guest\npasscode:s3cr\n")).contains("passcode:<redacted:4 bytes>")
                .contains("login:guest");
        assertThat(on.text("--b\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n--b--"))
                .contains("\r\n\r\n<redacted:7 bytes>\r\n");
        assertThat(on.text("{\"sessions\":1,\"pin\":48213377,\"ok\":true}"))
                .isEqualTo("{\"sessions\":1,\"pin\":<redacted:8 bytes>,\"ok\":true}");
    }

    @Test
    void quotedTextsKeepTheirOwnKeysButNotTheWiresSecrets() {
        assertThat(on.quoted("direction=c2s, found=GET\\x20/x?token=abc")).isEqualTo("direction=c2s, found=GET\\x20/x?token=<redacted:3 bytes>");
        assertThat(on.quoted("tx3 > Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")).endsWith("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(on.quoted("403 {\"detail\":\"bad\",\"access_token\":\"abc\"}")).contains("<redacted:3 bytes>");
        assertThat(on.quoted("stream=1, code=PROTOCOL_ERROR")).isEqualTo("stream=1, code=PROTOCOL_ERROR");
    }

    @Test
    void quotedProseAboutTokensIsNoCredentialButAnUnnamedSchemeStillIs() {
        // hopsniff's own words: "token" in lower case before a lower-case word
        assertThat(on.quoted("no upgrade token websocket in Connection")).isEqualTo("no upgrade token websocket in Connection");
        assertThat(on.quoted("the basic check failed")).isEqualTo("the basic check failed");
        // credentials quoted without their field name (RFC 9110 §11.1: schemes are case-insensitive)
        assertThat(on.quoted("sent Bearer abcdefghij")).isEqualTo("sent Bearer <redacted:10 bytes>");
        assertThat(on.quoted("sent token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")).contains("<redacted:40 bytes>");
        assertThat(on.quoted("sent Token abcdefghij")).contains("<redacted:10 bytes>");
        // texts off the wire are not hopsniff's prose: a lower-case word after a scheme is redacted there
        assertThat(on.text("token abcdefghij")).contains("<redacted:10 bytes>");
    }
}
