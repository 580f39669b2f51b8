package io.hopsniff.decoder.http1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1DetectTest {

    private static ByteBuffer b(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Http1Detect.Shape shape(String s) {
        return Http1Detect.requestLine(b(s));
    }

    @Test
    void aRequestLineNeedsItsVersion() {
        // RFC 9112 §3: request-line = method SP request-target SP HTTP-version
        assertThat(shape("GET / HTTP/1.1\r\nHost: x\r\n")).isEqualTo(Http1Detect.Shape.REQUEST_LINE);
        assertThat(shape("M-SEARCH * HTTP/1.1\r\n")).isEqualTo(Http1Detect.Shape.REQUEST_LINE);
        assertThat(shape("GET /a b HTTP/1.0\n")).isEqualTo(Http1Detect.Shape.REQUEST_LINE); // a space in the target
        assertThat(shape("POS")).isEqualTo(Http1Detect.Shape.PREFIX);
        assertThat(shape("GET /index.ht")).isEqualTo(Http1Detect.Shape.PREFIX);
        assertThat(shape("GET / HTTP/1.1\r")).isEqualTo(Http1Detect.Shape.PREFIX);
    }

    @Test
    void otherLineProtocolsAreNotRequests() {
        for (String line : new String[] {"EHLO mail.example.org\r\n", "USER bob\r\n", "220 ready\r\n",
                "a001 LOGIN bob secret\r\n", "INVITE sip:bob@example.com SIP/2.0\r\n",
                "OPTIONS rtsp://cam.example/live RTSP/1.0\r\nCSeq: 1\r\n\r\n", "GET /\r\nnot a header field\r\n",
                "SSH-2.0-OpenSSH_9.2\r\n", "HTTP/1.1 200 OK\r\n", " GET / HTTP/1.1\r\n", "GET  HTTP/1.1\r\n",
                "GET /\u0000 HTTP/1.1\r\n", "A".repeat(40) + " / HTTP/1.1\r\n"}) {
            assertThat(shape(line)).as(line).isEqualTo(Http1Detect.Shape.NOT);
        }
        assertThat(Http1Detect.requestLine(ByteBuffer.wrap(new byte[] {0x16, 0x03, 0x01}))).isEqualTo(Http1Detect.Shape.NOT);
        assertThat(shape("GET /" + "a".repeat(Http1Detect.MAX_FIRST_LINE))).isEqualTo(Http1Detect.Shape.NOT);
    }

    @Test
    void aMalformedLineIsHttpWhenAMethodAndHeaderFieldsMakeItSo() {
        // the parser names what is wrong (HTTP_BAD_REQUEST_LINE); the stream is still HTTP
        assertThat(shape("GET /x?token=a HTTP/1.1 junk\r\nHost: h\r\n\r\n")).isEqualTo(Http1Detect.Shape.REQUEST_LINE);
        assertThat(shape("GET /\r\n\r\n")).isEqualTo(Http1Detect.Shape.REQUEST_LINE); // RFC 1945's form, no headers
        assertThat(shape("GET /\r\n")).isEqualTo(Http1Detect.Shape.PREFIX); // header lines or not: more bytes decide
        assertThat(shape("GET /x HTTP/1.1 junk\r\nHost: h\r\n")).isEqualTo(Http1Detect.Shape.PREFIX);
        assertThat(shape("FETCH /x junk\r\nHost: h\r\n\r\n")).isEqualTo(Http1Detect.Shape.NOT); // no HTTP method
    }

    @Test
    void readsFromThePositionWithoutMovingIt() {
        ByteBuffer positioned = b("xxGET / HTTP/1.1\r\n");
        positioned.position(2);
        assertThat(Http1Detect.requestLine(positioned)).isEqualTo(Http1Detect.Shape.REQUEST_LINE);
        assertThat(positioned.position()).isEqualTo(2);
    }

    @Test
    void aMessageStartIsFoundAtALineStartMidStream() {
        assertThat(Http1Detect.hasMessageStart(b("ody of the last one}\r\nHTTP/1.1 200 OK\r\n"))).isTrue();
        assertThat(Http1Detect.hasMessageStart(b("ata\nGET /next HTTP/1.1\r\n"))).isTrue();
        assertThat(Http1Detect.hasMessageStart(b("a body that says HTTP/1.1 200 inside a line\n"))).isFalse();
        assertThat(Http1Detect.hasMessageStart(b("x\nGET /unfinished"))).isFalse();
        assertThat(Http1Detect.hasMessageStart(b("HTTP/1.1 20"))).isFalse();
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
