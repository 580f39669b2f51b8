package io.hopsniff.decoder.ws;

/** RFC 6455 §5.2 / §11.8 opcodes. */
final class Opcodes {
    static final int CONTINUATION = 0;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    private static final String[] NAMES = new String[16];

    static {
        for (int i = 0; i < 16; i++) {
            NAMES[i] = "reserved-" + i;
        }
        NAMES[CONTINUATION] = "continuation";
        NAMES[TEXT] = "text";
        NAMES[BINARY] = "binary";
        NAMES[CLOSE] = "close";
        NAMES[PING] = "ping";
        NAMES[PONG] = "pong";
    }

    private Opcodes() {
    }

    static String name(int opcode) {
        return NAMES[opcode & 0xF];
    }

    static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    static boolean isReserved(int opcode) {
        return (opcode >= 3 && opcode <= 7) || opcode >= 11;
    }

    /** RFC 6455 §7.4.1 and the IANA registry (1012-1014 were registered later); 3000-4999 for libraries and apps. */
    static boolean isValidCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
