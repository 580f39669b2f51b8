package io.hopsniff.decoder.h2;

/** Names of RFC 9113 registry values as the report shows them: frame types (§6), error codes (§7), settings (§6.5.2). */
final class H2Names {

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PUSH_PROMISE = 0x5;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    static final int FLAG_END_STREAM = 0x1;
    static final int FLAG_ACK = 0x1;
    static final int FLAG_END_HEADERS = 0x4;
    static final int FLAG_PADDED = 0x8;
    static final int FLAG_PRIORITY = 0x20;

    static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    static final int SETTINGS_ENABLE_PUSH = 0x2;
    static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
    static final int SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x8;
    static final int SETTINGS_NO_RFC7540_PRIORITIES = 0x9;

    private static final String[] FRAME_TYPES = {
        "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE",
        "CONTINUATION",
    };

    private static final String[] ERROR_CODES = {
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
        "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    };

    private H2Names() {
    }

    /** "DATA" … "CONTINUATION", else "UNKNOWN". */
    static String frameType(int type) {
        return type >= 0 && type < FRAME_TYPES.length ? FRAME_TYPES[type] : "UNKNOWN";
    }

    /** "NO_ERROR" … "HTTP_1_1_REQUIRED", else "UNKNOWN_0x…" (RFC 9113 §7: unknown codes are not special). */
    static String errorCode(long code) {
        return code >= 0 && code < ERROR_CODES.length ? ERROR_CODES[(int) code] : "UNKNOWN_0x" + Long.toHexString(code);
    }

    static String setting(int id) {
        return switch (id) {
            case SETTINGS_HEADER_TABLE_SIZE -> "HEADER_TABLE_SIZE";
            case SETTINGS_ENABLE_PUSH -> "ENABLE_PUSH";
            case SETTINGS_MAX_CONCURRENT_STREAMS -> "MAX_CONCURRENT_STREAMS";
            case SETTINGS_INITIAL_WINDOW_SIZE -> "INITIAL_WINDOW_SIZE";
            case SETTINGS_MAX_FRAME_SIZE -> "MAX_FRAME_SIZE";
            case SETTINGS_MAX_HEADER_LIST_SIZE -> "MAX_HEADER_LIST_SIZE";
            case SETTINGS_ENABLE_CONNECT_PROTOCOL -> "ENABLE_CONNECT_PROTOCOL";
            case SETTINGS_NO_RFC7540_PRIORITIES -> "NO_RFC7540_PRIORITIES";
            default -> "UNKNOWN_0x" + Integer.toHexString(id);
        };
    }
}
