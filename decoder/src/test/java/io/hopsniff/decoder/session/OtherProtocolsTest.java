package io.hopsniff.decoder.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** First lines from the protocols' RFCs (the recorded capture, other-protocols.pcap, covers the rest). */
class OtherProtocolsTest {

    private static Protocol name(String client, String server) {
        byte[] c = client.getBytes(StandardCharsets.ISO_8859_1);
        byte[] s = server.getBytes(StandardCharsets.ISO_8859_1);
        return OtherProtocols.name(c, c.length, s, s.length);
    }

    @Test
    void theRfcsFirstLinesNameTheirProtocols() {
        // RFC 3261 §24.2
        assertThat(name("INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/TCP pc33.atlanta.com\r\n",
                "SIP/2.0 180 Ringing\r\n")).isEqualTo(Protocol.SIP);
        // RFC 2326 §10.1
        assertThat(name("OPTIONS rtsp://server.example.com/fizzle/foo RTSP/1.0\r\nCSeq: 1\r\n",
                "RTSP/1.0 200 OK\r\n")).isEqualTo(Protocol.RTSP);
        // RFC 5321 §D.1, RFC 1939 §10, RFC 9051 §8, RFC 959, RFC 4253 §4.2
        assertThat(name("EHLO bar.com\r\n", "220 foo.com Simple Mail Transfer Service Ready\r\n"))
                .isEqualTo(Protocol.SMTP);
        assertThat(name("", "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n")).isEqualTo(Protocol.POP3);
        assertThat(name("a001 login mrc secret\r\n", "* OK IMAP4rev2 Service Ready\r\n")).isEqualTo(Protocol.IMAP);
        assertThat(name("USER anonymous\r\n", "220 Service ready for new user.\r\n")).isEqualTo(Protocol.FTP);
        assertThat(name("SSH-2.0-billsSSH_3.6.3q3\r\n", "")).isEqualTo(Protocol.SSH);
        // RESP: an array of bulk strings, as redis-cli sends; an inline PING answered +PONG
        assertThat(name("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n", "$-1\r\n")).isEqualTo(Protocol.REDIS);
        assertThat(name("PING\r\n", "+PONG\r\n")).isEqualTo(Protocol.REDIS);
    }

    @Test
    void nothingIsNamedWithoutItsSignature() {
        assertThat(name("", "")).isEqualTo(Protocol.UNKNOWN);
        assertThat(name("\u0016\u0003\u0001", "")).isEqualTo(Protocol.UNKNOWN); // TLS is told elsewhere
        assertThat(name("hello\r\n", "220 ready\r\n")).isEqualTo(Protocol.UNKNOWN); // SMTP or FTP: nothing says
    }
}
