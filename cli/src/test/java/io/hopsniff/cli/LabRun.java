package io.hopsniff.cli;

import io.hopsniff.testkit.RepoPaths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code scripts/lab SCENARIO --json-out DIR}: Caddy + uvicorn on free loopback ports, real clients,
 * hopsniff capturing both legs live (from this test's classpath) and stopped by SIGINT. The script tears its
 * servers down itself (trap); whatever is still alive when it returns or times out is stopped here.
 */
record LabRun(String scenario, Path dir, JsonNode report, JsonNode lab, String output) {

    static LabRun run(String scenario, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("lab-output.txt");
        ProcessBuilder pb = new ProcessBuilder(RepoPaths.root().resolve("scripts/lab").toString(), scenario,
                "--json-out", dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LAB_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("LAB_HOPSNIFF_CP", System.getProperty("java.class.path"));
        Process p = pb.start();
        try {
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            String out = Files.readString(log);
            assertThat(done).as("scripts/lab %s finished within 90 s:%n%s", scenario, out).isTrue();
            assertThat(p.exitValue()).as("scripts/lab %s exit code:%n%s", scenario, out).isZero();
            return new LabRun(scenario, dir, CliRun.readJson(dir.resolve("report.json")),
                    CliRun.readJson(dir.resolve("lab.json")), out);
        } finally {
            stop(p);
        }
    }

    /** SIGTERM first (the script's trap stops uvicorn, Caddy and hopsniff), then SIGKILL to any survivor. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        if (p.isAlive()) {
            p.destroy();
            p.waitFor(15, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    /** What the scenario's first client printed on stdout (its own report of what happened). */
    String firstClientOutput() throws IOException {
        return Files.readString(dir.resolve(lab.at("/clients/0/stdout").asText()));
    }

    /** What the scenario's first client printed on stderr (ws_client: websockets' own debug transcript). */
    String firstClientErrors() throws IOException {
        return Files.readString(dir.resolve(lab.at("/clients/0/stderr").asText()));
    }

    String backend() {
        return lab.get("backend").asText();
    }

    String caddy() {
        return lab.get("caddy").asText();
    }

    /** Transactions on one leg, in report order. */
    List<JsonNode> on(String server) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : report.get("transactions")) {
            if (t.get("server").asText().equals(server)) {
                out.add(t);
            }
        }
        return out;
    }

    List<JsonNode> connectionsOn(String server) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : report.get("connections")) {
            if (c.get("server").asText().equals(server)) {
                out.add(c);
            }
        }
        return out;
    }

    /** "METHOD target status" ("-" for a missing side), sorted for order-free comparison. */
    List<String> lines(String server) {
        return on(server).stream().map(LabRun::line).sorted().toList();
    }

    static String line(JsonNode t) {
        String req = t.has("request") ? t.at("/request/method").asText() + " " + t.at("/request/target").asText() : "-";
        return req + " " + (t.has("response") ? t.at("/response/status").asText() : "-");
    }

    /** The one request on {@code server} with this target. */
    JsonNode request(String server, String target) {
        List<JsonNode> hits = on(server).stream().filter(t -> t.at("/request/target").asText().equals(target)).toList();
        assertThat(hits).as("%s: requests for %s on %s", scenario, target, server).hasSize(1);
        return hits.get(0);
    }

    /** Header fields as {@code "Name: value"}, names exactly as on the wire, for the given names (any case). */
    static List<String> fields(JsonNode headers, String... names) {
        List<String> out = new ArrayList<>();
        for (JsonNode pair : headers) {
            for (String n : names) {
                if (pair.get(0).asText().equalsIgnoreCase(n)) {
                    out.add(pair.get(0).asText() + ": " + pair.get(1).asText());
                }
            }
        }
        return out;
    }

    static String value(JsonNode headers, String name) {
        List<String> f = fields(headers, name);
        assertThat(f).as("header %s", name).hasSize(1);
        return f.get(0).substring(f.get(0).indexOf(": ") + 2);
    }

    List<String> diagnosisIds() {
        List<String> ids = new ArrayList<>();
        JsonNode d = report.get("diagnoses");
        if (d != null) {
            d.forEach(x -> ids.add(x.get("id").asText()));
        }
        return ids;
    }
}
