package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.http1.Http1Detect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The HTTP/2 client connection preface (RFC 9113 §3.4): its one definition. */
public final class H2Preface {

    static final byte[] BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private H2Preface() {
    }

    /**
     * True when {@code b} (from its position, which is not moved) starts with the preface, or with a prefix of it
     * when fewer bytes are there. An empty buffer proves nothing and answers false.
     */
    public static boolean startsWith(ByteBuffer b) {
        return Http1Detect.prefixMatches(b, BYTES);
    }
}
