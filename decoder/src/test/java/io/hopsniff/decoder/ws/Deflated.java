package io.hopsniff.decoder.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Messages compressed as a permessage-deflate sender makes them (RFC 7692 §7.2.1), for the tests. */
public final class Deflated {

    private Deflated() {
    }

    /**
     * {@code payload} as the next message of {@code deflater}'s stream (a raw one: {@code new Deflater(level, true)}):
     * sync-flushed, its 00 00 ff ff tail removed. zlib makes no second empty flush, so an empty message after
     * another comes out as one empty stored block (RFC 7692 §7.2.3.6).
     */
    public static byte[] message(Deflater deflater, byte[] payload) {
        deflater.setInput(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0; ) {
            out.write(buf, 0, n);
        }
        byte[] all = out.toByteArray();
        if (all.length == 0) {
            return new byte[] {0};
        }
        assertThat(Arrays.copyOfRange(all, all.length - 4, all.length)).containsExactly(0, 0, 0xff, 0xff);
        return Arrays.copyOf(all, all.length - 4);
    }
}
