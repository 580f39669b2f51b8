package io.hopsniff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm package har-validator (what HAR viewers use; installed pinned by scripts/install-deps --test), run by
 * Node.js on HAR files the tests wrote: issue #14 wants every HAR the tests write to validate as HAR 1.2.
 */
final class HarValidator {

    private HarValidator() {
    }

    private static Path validatorModules() {
        String cache = System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache");
        Path modules = Path.of(cache, "hopsniff", "har-validator", "node_modules");
        assertThat(modules.resolve("har-validator/package.json"))
                .as("har-validator is installed by scripts/install-deps --test").exists();
        return modules;
    }

    /**
     * Runs har-validator on each file; fails the test unless every one is valid. Returns the validator's lines
     * ("valid FILE" per file).
     */
    static String validate(Path tmp, List<Path> hars) throws Exception {
        Path script = tmp.resolve("har-validate.js");
        try (InputStream in = HarValidator.class.getResourceAsStream("/har-validate.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of("node", script.toString()));
        hars.forEach(h -> cmd.add(h.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", validatorModules().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
