package io.hopsniff.decoder.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1DetectTest {

    private static ByteBuffer b(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void requests() {
        assertThat(Http1Detect.looksLikeRequest(b("GET / HTTP/1.1\r\n"))).isTrue();
        assertThat(Http1Detect.looksLikeRequest(b("M-SEARCH * HTTP/1.1"))).isTrue();
        assertThat(Http1Detect.looksLikeRequest(b("POS"))).isTrue();
        assertThat(Http1Detect.looksLikeRequest(b("HTTP/1.1 200 OK"))).isFalse();
        assertThat(Http1Detect.looksLikeRequest(b(" GET"))).isFalse();
        assertThat(Http1Detect.looksLikeRequest(b(""))).isFalse();
        assertThat(Http1Detect.looksLikeRequest(ByteBuffer.wrap(new byte[] {0x16, 0x03, 0x01}))).isFalse();
        assertThat(Http1Detect.looksLikeRequest(b("A".repeat(40) + " /"))).isFalse();
        ByteBuffer positioned = b("xxGET /");
        positioned.position(2);
        assertThat(Http1Detect.looksLikeRequest(positioned)).isTrue();
        assertThat(positioned.position()).isEqualTo(2);
    }

    @Test
    void responses() {
        assertThat(Http1Detect.looksLikeResponse(b("HTTP/1.1 200 OK"))).isTrue();
        assertThat(Http1Detect.looksLikeResponse(b("HTTP/1.0 404"))).isTrue();
        assertThat(Http1Detect.looksLikeResponse(b("HTT"))).isTrue();
        assertThat(Http1Detect.looksLikeResponse(b("HTTP/2 200"))).isFalse();
        assertThat(Http1Detect.looksLikeResponse(b("GET / HTTP/1.1"))).isFalse();
    }

    @Test
    void http2Preface() {
        assertThat(io.hopsniff.decoder.h2.H2Preface.startsWith(b("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\u0012\u0004"))).isTrue();
        assertThat(io.hopsniff.decoder.h2.H2Preface.startsWith(b("PRI * HT"))).isTrue();
        assertThat(io.hopsniff.decoder.h2.H2Preface.startsWith(b("PRI * HTTP/1.1\r\n"))).isFalse();
        assertThat(io.hopsniff.decoder.h2.H2Preface.startsWith(b("GET /"))).isFalse();
    }
}
