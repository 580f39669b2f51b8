package io.hopsniff.decoder.ws;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Whether one direction's text messages are valid UTF-8 (RFC 6455 §8.1: a receiver that finds otherwise fails the
 * connection; Chromium says "Could not decode a text frame as UTF-8." and closes with 1002). Streaming: a message
 * arrives in frames and segments, a character may straddle them, and the payload is read in place (unmasked on the
 * fly), never copied. The automaton is RFC 3629 §4's grammar: no overlong forms, no surrogates, nothing above
 * U+10FFFF. Runs of ASCII are checked eight bytes at a time.
 */
final class Utf8Check {

    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Continuation bytes the current character still needs (0: between characters). */
    private int need;
    /** The range the next continuation byte must fall in (narrower after E0, ED, F0, F4). */
    private int lo = 0x80;
    private int hi = 0xBF;
    private boolean checking;

    /** A message begins: checked when it is text and its bytes are what was sent (not compressed). */
    void start(boolean text) {
        checking = text;
        need = 0;
        lo = 0x80;
        hi = 0xBF;
    }

    /** Stops checking the current message (a gap, lost framing, or the first error already found). */
    void abandon() {
        checking = false;
    }

    boolean checking() {
        return checking;
    }

    /**
     * Reads {@code n} payload bytes from index {@code p} of {@code b}, at payload offset {@code offset} (for the
     * mask phase); false on the first byte that cannot be UTF-8, after which the message is no longer checked.
     */
    boolean feed(ByteBuffer b, int p, int n, byte[] mask, long offset) {
        if (!checking) {
            return true;
        }
        int i = 0;
        int wordPhase = -1;
        long maskWord = 0;
        while (i < n) {
            if (need == 0 && n - i >= 8) {
                long word = b.getLong(p + i);
                if (mask != null) {
                    int phase = (int) ((offset + i) & 3); // the same for every word of an ASCII run
                    if (phase != wordPhase) {
                        maskWord = maskWord(mask, phase, b.order());
                        wordPhase = phase;
                    }
                    word ^= maskWord;
                }
                if ((word & HIGH_BITS) == 0) {
                    i += 8;
                    continue;
                }
            }
            int c = b.get(p + i) & 0xFF;
            if (mask != null) {
                c ^= mask[(int) ((offset + i) & 3)] & 0xFF;
            }
            if (!next(c)) {
                checking = false;
                return false;
            }
            i++;
        }
        return true;
    }

    /** The message ended: false when it ended inside a character. */
    boolean end() {
        boolean ok = !checking || need == 0;
        checking = false;
        return ok;
    }

    /** Whether {@code len} bytes of {@code a} from {@code off} are UTF-8 (a close frame's reason). */
    static boolean valid(byte[] a, int off, int len) {
        Utf8Check c = new Utf8Check();
        c.start(true);
        for (int i = off; i < off + len; i++) {
            if (!c.next(a[i] & 0xFF)) {
                return false;
            }
        }
        return c.end();
    }

    private boolean next(int c) {
        if (need > 0) {
            if (c < lo || c > hi) {
                return false;
            }
            need--;
            lo = 0x80;
            hi = 0xBF;
            return true;
        }
        if (c < 0x80) {
            return true;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80; // E0 80-9F would be overlong
            hi = c == 0xED ? 0x9F : 0xBF; // ED A0-BF are the surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            lo = c == 0xF0 ? 0x90 : 0x80; // F0 80-8F would be overlong
            hi = c == 0xF4 ? 0x8F : 0xBF; // beyond F4 8F is above U+10FFFF
        } else {
            return false; // a continuation byte first, C0/C1 (overlong), or F5-FF
        }
        return true;
    }

    /** The 4-byte mask repeated over 8 bytes from {@code phase}, laid out as getLong reads them in {@code order}. */
    private static long maskWord(byte[] mask, int phase, ByteOrder order) {
        long w = 0;
        for (int j = 0; j < 8; j++) {
            long m = mask[(phase + j) & 3] & 0xFFL;
            w |= order == ByteOrder.BIG_ENDIAN ? m << (56 - 8 * j) : m << (8 * j);
        }
        return w;
    }
}
