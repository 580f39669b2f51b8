package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One capture holding both legs of a proxy, analysed the three ways an operator can: the backend leg only
 * ({@code --server BACKEND}), both legs declared ({@code --server BACKEND --front PROXY}), and both legs with no
 * flag at all (the legs are inferred). The root cause must be the same, and no backend verdict may come from a
 * front exchange: a diagnosis on the backend leg cites backend transactions only, in its ids and its evidence.
 */
final class ThreeWays {

    private static final Pattern TX = Pattern.compile("^tx(\\d+)\\b");

    private ThreeWays() {
    }

    record Reports(JsonNode backendOnly, JsonNode declared, JsonNode inferred) {
        List<JsonNode> all() {
            return List.of(backendOnly, declared, inferred);
        }
    }

    static Reports analyze(Path capture, Path dir, String backend, String proxy) throws Exception {
        return new Reports(run(dir.resolve("backend-only.json"), capture, "--server", backend),
                run(dir.resolve("declared.json"), capture, "--server", backend, "--front", proxy),
                run(dir.resolve("inferred.json"), capture));
    }

    private static JsonNode run(Path out, Path capture, String... flags) throws Exception {
        String[] args = new String[flags.length + 5];
        args[0] = "analyze";
        args[1] = capture.toString();
        System.arraycopy(flags, 0, args, 2, flags.length);
        args[flags.length + 2] = "-o";
        args[flags.length + 3] = out.toString();
        args[flags.length + 4] = "-q";
        CliRun r = CliRun.run(args);
        assertThat(r.exitCode()).as("analyze %s: %s", String.join(" ", flags), r.err()).isZero();
        JsonNode json = CliRun.readJson(out);
        SchemaCheck.assertValid(json);
        return json;
    }

    /** The first (most severe) diagnosis id. */
    static String lead(JsonNode report) {
        JsonNode d = report.get("diagnoses");
        return d.isEmpty() ? "(none)" : d.get(0).get("id").asText();
    }

    /** Asserts the same lead diagnosis three ways, the legs, and that every verdict stays on its leg. */
    static void assertSameRootCause(Reports r, String expectedLead, String backend, String proxy) {
        for (JsonNode report : r.all()) {
            assertThat(lead(report)).as("lead diagnosis (%s)", ids(report)).isEqualTo(expectedLead);
        }
        assertThat(r.backendOnly().at("/legs/decided").asText()).isEqualTo("none");
        assertThat(r.declared().at("/legs/decided").asText()).isEqualTo("declared");
        assertThat(r.inferred().at("/legs/decided").asText()).as("%s", r.inferred().get("legs")).isEqualTo("inferred");
        assertThat(r.inferred().at("/legs/front").toString()).isEqualTo("[\"" + proxy + "\"]");
        assertThat(r.inferred().at("/legs/backend").toString()).isEqualTo("[\"" + backend + "\"]");
        for (JsonNode report : List.of(r.declared(), r.inferred())) {
            Set<Long> front = new HashSet<>();
            Set<Long> back = new HashSet<>();
            for (JsonNode t : report.get("transactions")) {
                String leg = t.path("leg").asText();
                assertThat(leg).as("leg of tx%s on %s", t.get("id"), t.get("server"))
                        .isEqualTo(t.get("server").asText().equals(proxy) ? "front" : "backend");
                (leg.equals("front") ? front : back).add(t.get("id").asLong());
            }
            for (JsonNode d : report.get("diagnoses")) {
                String leg = d.path("leg").asText();
                assertThat(leg).as("%s has a leg", d.get("id")).isIn("front", "backend");
                Set<Long> own = leg.equals("front") ? front : back;
                d.get("transactions").forEach(t -> assertThat(own).as("%s (%s leg) cites tx%s", d.get("id"), leg, t)
                        .contains(t.asLong()));
                for (JsonNode e : d.get("evidence")) {
                    Matcher m = TX.matcher(e.asText());
                    if (m.find()) {
                        assertThat(own).as("%s (%s leg) evidence: %s", d.get("id"), leg, e.asText())
                                .contains(Long.parseLong(m.group(1)));
                    }
                }
                if (leg.equals("front")) {
                    assertThat(d.get("severity").asText()).as("%s on the front leg", d.get("id")).isNotEqualTo("error");
                }
                for (JsonNode s : d.path("stories")) {
                    assertThat(front).as("%s story front", d.get("id")).contains(s.get("front").asLong());
                    if (s.hasNonNull("backend")) {
                        assertThat(back).as("%s story backend", d.get("id")).contains(s.get("backend").asLong());
                    }
                }
            }
        }
    }

    static List<String> ids(JsonNode report) {
        return report.get("diagnoses").findValuesAsText("id");
    }
}
