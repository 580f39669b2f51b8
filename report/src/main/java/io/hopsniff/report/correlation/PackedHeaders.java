package io.hopsniff.report.correlation;

import io.hopsniff.decoder.http.HttpHeader;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Header fields kept compactly: every name and value in one String, with where each ends. Correlation keeps the
 * request heads of up to {@link Correlator#DEFAULT_MAX_EXCHANGES} exchanges until the end of the capture; as
 * field objects that was some 50 objects an exchange, all promoted to the old generation (on the benchmark's
 * 1 GiB capture 460 000 HttpHeader objects and their Strings, about 45 MB, and a tenth of the run in garbage
 * collection). Fields are made again when read, which only the pairing of two legs and the report do.
 */
final class PackedHeaders extends AbstractList<HttpHeader> implements RandomAccess {

    private static final PackedHeaders EMPTY = new PackedHeaders("", new int[] {0});

    private final String text;
    /** {@code ends[2i + 1]}: where field i's name ends in {@code text}; {@code ends[2i + 2]}: where its value ends. */
    private final int[] ends;

    private PackedHeaders(String text, int[] ends) {
        this.text = text;
        this.ends = ends;
    }

    static List<HttpHeader> of(List<HttpHeader> headers) {
        if (headers instanceof PackedHeaders p) {
            return p;
        }
        if (headers.isEmpty()) {
            return EMPTY;
        }
        int[] ends = new int[2 * headers.size() + 1];
        int length = 0;
        for (HttpHeader h : headers) {
            length += h.name().length() + h.value().length();
        }
        StringBuilder b = new StringBuilder(length);
        int i = 1;
        for (HttpHeader h : headers) {
            b.append(h.name());
            ends[i++] = b.length();
            b.append(h.value());
            ends[i++] = b.length();
        }
        return new PackedHeaders(b.toString(), ends);
    }

    @Override
    public HttpHeader get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        int from = ends[2 * index];
        int nameEnd = ends[2 * index + 1];
        return new HttpHeader(text.substring(from, nameEnd), text.substring(nameEnd, ends[2 * index + 2]));
    }

    /**
     * The value of the first field named {@code name} (case-insensitive), as {@code Headers.first} gives it; for
     * packed fields without making a field object for every field passed over (the legs are inferred by looking
     * for {@code Via} in every kept response).
     */
    static String first(List<HttpHeader> headers, String name) {
        if (!(headers instanceof PackedHeaders p)) {
            return io.hopsniff.decoder.http.Headers.of(headers).first(name);
        }
        for (int i = 0, n = p.size(); i < n; i++) {
            if (p.named(i, name)) {
                return p.value(i);
            }
        }
        return null;
    }

    /** The values of every field named {@code name}, in order, as {@code Headers.all} gives them. */
    static List<String> all(List<HttpHeader> headers, String name) {
        if (!(headers instanceof PackedHeaders p)) {
            return io.hopsniff.decoder.http.Headers.of(headers).all(name);
        }
        List<String> out = new java.util.ArrayList<>(1);
        for (int i = 0, n = p.size(); i < n; i++) {
            if (p.named(i, name)) {
                out.add(p.value(i));
            }
        }
        return out;
    }

    /** How the first field named {@code name} (case-insensitive) is spelled on the wire, or null if there is none. */
    static String spelling(List<HttpHeader> headers, String name) {
        if (!(headers instanceof PackedHeaders p)) {
            for (HttpHeader h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.name();
                }
            }
            return null;
        }
        for (int i = 0, n = p.size(); i < n; i++) {
            if (p.named(i, name)) {
                return p.text.substring(p.ends[2 * i], p.ends[2 * i + 1]);
            }
        }
        return null;
    }

    /** The characters of every name and value (what packed fields hold). */
    static long chars(List<HttpHeader> headers) {
        if (headers instanceof PackedHeaders p) {
            return p.text.length();
        }
        long n = 0;
        for (HttpHeader h : headers) {
            n += h.name().length() + h.value().length();
        }
        return n;
    }

    /** Field {@code index}'s name equals {@code name} ignoring case ({@link String#equalsIgnoreCase}'s rule). */
    private boolean named(int index, String name) {
        int from = ends[2 * index];
        return ends[2 * index + 1] - from == name.length() && text.regionMatches(true, from, name, 0, name.length());
    }

    private String value(int index) {
        return text.substring(ends[2 * index + 1], ends[2 * index + 2]);
    }

    @Override
    public int size() {
        return (ends.length - 1) / 2;
    }
}
