package io.hopsniff.report.render;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hopsniff.report.EarliestTransactions;
import io.hopsniff.report.FileSink;
import io.hopsniff.report.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A finished {@code hopsniff.report/1} document on disk, read with bounded memory: every top-level member but
 * the two big arrays ({@code connections}, {@code transactions}) is held as a tree ({@link #head()}); those two
 * are streamed one element at a time, as often as a renderer needs (each pass re-reads the file).
 */
public final class ReportFile {

    /** Top-level arrays that grow with the capture: never held whole. */
    public static final Set<String> STREAMED = Set.of("connections", "transactions");

    private final Path path;
    private final ObjectNode head;
    /** The JSON of the first transactions in time order, when the writer kept them; else null. */
    private final List<byte[]> earliest;

    private ReportFile(Path path, ObjectNode head, List<byte[]> earliest) {
        this.path = path;
        this.head = head;
        this.earliest = earliest;
    }

    /** A report just written to {@code path} whose small sections the writer already holds ({@code JsonReport.head()}). */
    public static ReportFile of(Path path, ObjectNode head) {
        return new ReportFile(path, head, null);
    }

    /**
     * As {@link #of(Path, ObjectNode)}, with the writer's {@code JsonReport.earliestTransactions()} (null when it kept
     * none), so the earliest exchanges need no pass over the file.
     */
    public static ReportFile of(Path path, ObjectNode head, List<byte[]> earliest) {
        return new ReportFile(path, head, earliest);
    }

    /**
     * The first {@code limit} transactions in time order as the writer kept them, or null when it did not keep
     * that many (read the file then).
     */
    List<JsonNode> keptEarliest(int limit) throws IOException {
        if (earliest == null || limit > EarliestTransactions.KEPT) {
            return null;
        }
        List<JsonNode> out = new java.util.ArrayList<>(Math.min(limit, earliest.size()));
        for (byte[] json : earliest.subList(0, Math.min(limit, earliest.size()))) {
            out.add(JsonMapper.get().readTree(json));
        }
        return out;
    }

    /** Reads the small sections; fails with an IOException when the file is not a hopsniff report. */
    public static ReportFile open(Path path) throws IOException {
        ObjectMapper mapper = JsonMapper.get();
        ObjectNode head = mapper.createObjectNode();
        try (JsonParser p = mapper.getFactory().createParser(path.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a hopsniff report (no JSON object)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (STREAMED.contains(name)) {
                    p.skipChildren();
                } else {
                    head.set(name, mapper.readTree(p));
                }
            }
        }
        if (!head.path("schema").asText().startsWith("hopsniff.report/")) {
            throw new IOException("not a hopsniff report (schema is '" + head.path("schema").asText() + "')");
        }
        return new ReportFile(path, head, null);
    }

    public Path path() {
        return path;
    }

    /** Everything except {@link #STREAMED}: tool, input, capture, summary, diagnoses, anomalies, and any
     *  section added later (correlations). */
    public JsonNode head() {
        return head;
    }

    public void forEach(String array, Consumer<JsonNode> action) throws IOException {
        try (Elements e = elements(array)) {
            while (e.hasNext()) {
                action.accept(e.next());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A pass over one top-level array with the streaming parser, for readers that need a few fields of every
     * element: {@code scanner} gets the parser on each element's first token and must consume the element (to its
     * last token); {@link #elementAt} reads one again later from its offset. No tree is built per element.
     */
    public void scan(String array, ElementScanner scanner) throws IOException {
        try (Elements e = elements(array)) {
            while (!e.done) {
                JsonToken t = e.parser.nextToken();
                if (t == null || t == JsonToken.END_ARRAY) {
                    return;
                }
                scanner.element(e.parser, e.parser.currentTokenLocation().getByteOffset());
            }
        }
    }

    /** What {@link #scan} calls for each element. */
    @FunctionalInterface
    public interface ElementScanner {
        void element(JsonParser parser, long byteOffset) throws IOException;
    }

    /** The element that starts at {@code byteOffset} (as {@link #scan} gave it), parsed whole. */
    public JsonNode elementAt(long byteOffset) throws IOException {
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(path);
             JsonParser p = JsonMapper.get().getFactory().createParser(
                     java.nio.channels.Channels.newInputStream(in.position(byteOffset)))) {
            p.nextToken();
            return JsonMapper.get().readTree(p);
        }
    }

    /** A pass over one top-level array; empty when the report has no such member. */
    public Elements elements(String array) throws IOException {
        ObjectMapper mapper = JsonMapper.get();
        JsonParser p = mapper.getFactory().createParser(path.toFile());
        try {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(array) && value == JsonToken.START_ARRAY) {
                    return new Elements(p, mapper);
                }
                p.skipChildren();
            }
            return new Elements(p, null);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The elements of one array, parsed one at a time. */
    public static final class Elements implements Iterator<JsonNode>, AutoCloseable {
        private final JsonParser parser;
        private final ObjectMapper mapper;
        private JsonNode next;
        private boolean done;

        private Elements(JsonParser parser, ObjectMapper mapper) {
            this.parser = parser;
            this.mapper = mapper;
            this.done = mapper == null;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                JsonToken t = parser.nextToken();
                if (t == null || t == JsonToken.END_ARRAY) {
                    done = true;
                    return false;
                }
                next = mapper.readTree(parser);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JsonNode n = next;
            next = null;
            return n;
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                // Read-only file: nothing to lose.
            }
        }
    }

    /** The document's bytes, as they are: by a channel transfer into a file (see {@link FileSink}). */
    public void copyTo(java.io.OutputStream out) throws IOException {
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(path)) {
            FileSink.copy(in, 0, in.size(), out);
        }
    }
}
