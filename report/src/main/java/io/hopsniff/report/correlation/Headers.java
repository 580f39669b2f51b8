package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http1.HttpHeader;
import java.util.List;

/** Header look-ups by case-insensitive name (RFC 9110 §5.1). */
final class Headers {

    private Headers() {
    }

    static String first(List<HttpHeader> headers, String name) {
        for (HttpHeader h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The last element of a comma-separated list field (X-Forwarded-For: the peer the proxy saw), trimmed. */
    static String lastElement(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.lastIndexOf(',');
        return value.substring(comma + 1).trim();
    }
}
