package io.hopsniff.decoder.h2;

import io.hopsniff.decoder.http.HttpHeader;

/** RFC 7541 Appendix A: the 61 static table entries, index 1..61. */
final class HpackStaticTable {

    static final int LENGTH = 61;

    private static final String[][] ENTRIES = {
        {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
        {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
        {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
        {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""},
        {"cache-control", ""}, {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""},
        {"content-length", ""}, {"content-location", ""}, {"content-range", ""}, {"content-type", ""},
        {"cookie", ""}, {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
        {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
        {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""},
        {"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
        {"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
        {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""},
    };

    private static final HttpHeader[] HEADERS = new HttpHeader[LENGTH + 1];

    static {
        for (int i = 0; i < LENGTH; i++) {
            HEADERS[i + 1] = new HttpHeader(ENTRIES[i][0], ENTRIES[i][1]);
        }
    }

    private HpackStaticTable() {
    }

    /** @param index 1..61 */
    static HttpHeader get(int index) {
        return HEADERS[index];
    }
}
