package io.hopsniff.report;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Writes a leg decided at the end (inferred legs) into spooled transaction and connection lines. The lines were
 * serialised as they completed, before the legs were known; the member goes where a declared leg would have been
 * serialised ({@code TransactionJson}: after {@code server}; {@code ConnectionJson}: after {@code community_id}),
 * so a report with inferred legs reads exactly like one with declared legs. Endpoint strings hold no quote or
 * backslash, so the first {@code "server":"…"} member of a line is the line's own.
 */
final class LegSplice {

    private LegSplice() {
    }

    /** For transaction lines. */
    static UnaryOperator<String> transactions(Function<String, String> legOfServer) {
        return line -> splice(line, "\"server\":\"", "\"server\":\"", legOfServer);
    }

    /** For connection lines. */
    static UnaryOperator<String> connections(Function<String, String> legOfServer) {
        return line -> splice(line, "\"server\":\"", "\"community_id\":\"", legOfServer);
    }

    private static String splice(String line, String serverKey, String afterKey, Function<String, String> legOfServer) {
        if (line.contains("\"leg\":\"")) {
            return line; // declared at spool time
        }
        int s = line.indexOf(serverKey);
        if (s < 0) {
            return line;
        }
        int start = s + serverKey.length();
        int end = line.indexOf('"', start);
        if (end < 0) {
            return line;
        }
        String leg = legOfServer.apply(line.substring(start, end));
        if (leg == null) {
            return line;
        }
        int a = line.indexOf(afterKey);
        int at = a < 0 ? end : line.indexOf('"', a + afterKey.length());
        if (at < 0) {
            return line;
        }
        return line.substring(0, at + 1) + ",\"leg\":\"" + leg + "\"" + line.substring(at + 1);
    }
}
