package io.hopsniff.report;

import io.hopsniff.decoder.http.HttpHeader;
import java.util.ArrayList;
import java.util.List;

/** Header fields for hand-built test exchanges, written as on the wire: {@code "Name: value"}. */
public final class HeaderLines {

    private HeaderLines() {
    }

    public static List<HttpHeader> of(String... lines) {
        List<HttpHeader> out = new ArrayList<>();
        for (String l : lines) {
            int c = l.indexOf(':');
            out.add(new HttpHeader(l.substring(0, c), l.substring(c + 1).trim()));
        }
        return out;
    }
}
